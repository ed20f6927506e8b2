package dev.dslab.local.emulator;

import dev.dslab.local.LocalTargetException;
import dev.dslab.local.edge.ServiceProcess;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3Proxy inside the daemon's JVM on an in-memory store: the transient store is the one that supports
 * versioning (the filesystem store does not). Requests arrive through the edge, so S3Proxy checks no
 * signatures: any credentials are accepted, as the local target promises.
 */
public final class S3ProxyEmulator implements Emulator {

    private final S3Proxy proxy;
    private final int port;

    private S3ProxyEmulator(S3Proxy proxy) {
        this.proxy = proxy;
        this.port = proxy.getPort();
    }

    public static S3ProxyEmulator start() {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(32)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new LocalTargetException("the embedded S3 server (S3Proxy) did not start: " + e.getMessage(), e);
        }
        return new S3ProxyEmulator(proxy);
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public ServiceProcess process() {
        return new ServiceProcess("s3proxy", ServiceProcess.EMBEDDED, port, ProcessHandle.current().pid(), proxy.getState().toLowerCase());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception stopping) {
            // the JVM is about to exit or the server is already stopped
        }
    }
}
