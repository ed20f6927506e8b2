package dev.dslab.local.edge;

import com.sun.net.httpserver.HttpHandler;
import dev.dslab.local.admin.AdminEndpoint;
import java.util.List;
import java.util.Map;

/**
 * One AWS service of the local target, reached through the edge. The edge picks the service by the
 * SigV4 signing name of the request (the credential scope of the Authorization header or of a presigned
 * URL's X-Amz-Credential) and hands it the exchange unchanged.
 */
public interface AwsService extends HttpHandler, AutoCloseable {

    /** The SigV4 signing name this service answers: dynamodb, kinesis, s3, lambda, cloudformation. */
    String signingName();

    /**
     * The processes this service runs right now (an emulator child, Lambda execution environments), so
     * that `local status` shows each with its pid and memory. Read on every status request: return a
     * fresh snapshot, cheaply.
     */
    default List<ServiceProcess> processes() {
        return List.of();
    }

    /**
     * The controls of this service's model (replication lag, faults, consistency mode), by name: each is
     * served at /_dslab/&lt;signing name&gt;/&lt;name&gt; to the holder of the admin token.
     */
    default Map<String, AdminEndpoint> adminEndpoints() {
        return Map.of();
    }

    /**
     * Called once every emulator is ready, before the edge serves anyone: a service rebuilds here what it
     * keeps in memory about an emulator's persisted state (the DynamoDB front its replication groups).
     */
    default void emulatorsReady() {
    }

    /**
     * Called once the edge serves requests: a service whose workers are clients of the target (event source
     * mapping pollers) resumes them here.
     */
    default void edgeReady() {
    }

    /** Stops whatever the service started (child processes, servers, threads). */
    @Override
    void close();
}
