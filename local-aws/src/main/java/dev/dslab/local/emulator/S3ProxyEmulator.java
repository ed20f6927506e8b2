package dev.dslab.local.emulator;

import dev.dslab.local.LocalTargetException;
import dev.dslab.local.edge.ServiceProcess;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * S3Proxy inside the daemon's JVM, its buckets in files under the home ({@link PersistentBlobStore}, with
 * versioning; {@link CompleteObjectsBlobStore} keeps objects being written out of listings). Requests arrive through the edge, so S3Proxy checks no signatures: any credentials are
 * accepted, as the local target promises.
 */
public final class S3ProxyEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(S3ProxyEmulator.class);

    private final S3Proxy proxy;
    private final int port;

    private S3ProxyEmulator(S3Proxy proxy) {
        this.proxy = proxy;
        this.port = proxy.getPort();
    }

    public static S3ProxyEmulator start(Path buckets, Path incoming) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store(buckets, incoming))
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

    /** The persistent store where the home's file system keeps user xattrs (S3Proxy keeps metadata in them). */
    private static BlobStore store(Path buckets, Path incoming) {
        try {
            Files.createDirectories(buckets);
            if (Files.getFileStore(buckets).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
                return new CompleteObjectsBlobStore(new PersistentBlobStore(buckets), incoming);
            }
        } catch (IOException e) {
            throw new LocalTargetException("cannot use " + buckets + " for the local S3 buckets: " + e.getMessage(), e);
        }
        log.warn("the file system of {} has no user extended attributes, which S3Proxy keeps object metadata in:"
                + " buckets are kept in memory and do not survive a restart of the local target", buckets);
        return new CompleteObjectsBlobStore(new TransientNio2BlobStore(), incoming);
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
