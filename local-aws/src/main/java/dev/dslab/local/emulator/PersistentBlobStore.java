package dev.dslab.local.emulator;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

/**
 * S3Proxy's NIO.2 store on the home's own file system, with versioning. S3Proxy ships the same store as
 * FilesystemNio2BlobStore (final, and it declares no versioning support) and TransientNio2BlobStore (an
 * in-memory Jimfs file system that does): both share {@link AbstractNio2BlobStore}, which keeps object
 * metadata and version ids in user extended attributes and older versions in a hidden folder per bucket.
 * On a file system with user xattrs (ext4, xfs, btrfs) versioning then behaves as on the transient store
 * (tested by the persistence test).
 *
 * <p>One difference: the store mints version ids from a counter that starts at zero in every JVM, so a
 * restarted daemon would hand out ids its older versions already have (the second "v...1" replaces the
 * first). The counter is set to the clock in microseconds before the store is used: ids keep growing across
 * restarts unless the clock goes back or a daemon mints more than a million versions per second on average.
 */
final class PersistentBlobStore extends AbstractNio2BlobStore {

    PersistentBlobStore(Path root) {
        super(root);
        advanceVersionCounter();
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }

    private static void advanceVersionCounter() {
        try {
            Field sequence = AbstractNio2BlobStore.class.getDeclaredField("VERSION_SEQUENCE");
            sequence.setAccessible(true);
            long micros = System.currentTimeMillis() * 1000;
            ((AtomicLong) sequence.get(null)).accumulateAndGet(micros, Math::max);
        } catch (ReflectiveOperationException | RuntimeException changed) {
            throw new IllegalStateException("this S3Proxy version keeps its version counter elsewhere: the persistent store"
                    + " cannot avoid reusing version ids; check PersistentBlobStore against the S3Proxy release", changed);
        }
    }
}
