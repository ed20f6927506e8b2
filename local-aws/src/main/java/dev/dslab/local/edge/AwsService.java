package dev.dslab.local.edge;

import com.sun.net.httpserver.HttpHandler;

import java.util.List;

/**
 * One AWS service of the local target, reached through the edge. The edge picks the service by the
 * SigV4 signing name of the request (the credential scope of the Authorization header or of a presigned
 * URL's X-Amz-Credential) and hands it the exchange unchanged.
 */
public interface AwsService extends HttpHandler, AutoCloseable {

    /** The SigV4 signing name this service answers: dynamodb, kinesis, s3, lambda, cloudformation. */
    String signingName();

    /**
     * The child processes the service runs right now, so the daemon's status can list them (pid, RSS)
     * next to its emulators. Services that start no process keep the default.
     */
    default List<ChildProcess> childProcesses() {
        return List.of();
    }

    /** Stops whatever the service started (child processes, servers, threads). */
    @Override
    void close();

    /**
     * A process a service started.
     *
     * @param name    what it is, for people: e.g. "lambda dslab-alice-probe environment 3f2a9c01"
     * @param process the live process
     */
    record ChildProcess(String name, ProcessHandle process) {
    }
}
