package dev.dslab.local.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * S3Proxy's NIO.2 stores with listings that show only complete objects, as S3 does: it lists an object once its
 * PUT succeeded and never one whose write is still in progress (strong read-after-write consistency, "Amazon S3
 * data consistency model", https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel).
 *
 * <p>The store writes an object as {@code <key>-<random UUID>} beside its key, inside the bucket's folder, and
 * renames it once written, so a listing made meanwhile lists that name (seen by tests as a key with an extra UUID).
 * The name cannot be filtered out exactly (a real key may end with a UUID), and the store's write is final. So a
 * request body is first received into a staging folder outside every bucket, and the store then copies it from
 * that local file while holding the shared side of a lock whose exclusive side every listing holds: the store's
 * temporary file exists only inside a call made under the shared side, so no listing can meet it. A slow client
 * holds nothing (its body goes to the staging folder), a listing waits at most for local copies in progress, and
 * each body is written twice.
 */
final class CompleteObjectsBlobStore extends ForwardingBlobStore {

    private final Path staging;
    // fair: a stream of writes cannot postpone a listing indefinitely
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    CompleteObjectsBlobStore(BlobStore store, Path staging) {
        super(store);
        this.staging = staging;
        try {
            Files.createDirectories(staging);
            // bodies of requests cut short by a stop or a kill: never stored, nothing refers to them
            try (var leftovers = Files.list(staging)) {
                for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + staging + " for S3 uploads in progress: " + e.getMessage(), e);
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
        return staged(body, copy -> writing(() -> super.putBlob(request, copy)));
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream body) {
        return staged(body, copy -> writing(() -> super.uploadMultipartPart(upload, request, copy)));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return writing(() -> super.copyBlob(request));
    }

    @Override
    public UploadPartCopyResponse copyMultipartPart(MultipartUpload upload, UploadPartCopyRequest request) {
        return writing(() -> super.copyMultipartPart(upload, request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        return writing(() -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        return listing(() -> super.list(request));
    }

    @Override
    public ListObjectVersionsResponse listVersions(ListObjectVersionsRequest request) {
        return listing(() -> super.listVersions(request));
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload upload) {
        return listing(() -> super.listMultipartUpload(upload));
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String bucket) {
        return listing(() -> super.listMultipartUploads(bucket));
    }

    @Override
    public void clearContainer(ListObjectsV2Request request) {
        // lists, then deletes what it listed: a temporary file deleted under a write would fail that write
        listing(() -> {
            super.clearContainer(request);
            return null;
        });
    }

    private <T> T staged(InputStream body, Function<InputStream, T> store) {
        Path file = staging.resolve(UUID.randomUUID().toString());
        try {
            Files.copy(body, file);
            try (InputStream copy = Files.newInputStream(file)) {
                return store.apply(copy);
            }
        } catch (IOException e) {
            // as the store reports a body it could not read
            throw new RuntimeException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // removed at the next start
            }
        }
    }

    private <T> T writing(Supplier<T> write) {
        return locked(lock.readLock(), write);
    }

    private <T> T listing(Supplier<T> list) {
        return locked(lock.writeLock(), list);
    }

    private static <T> T locked(Lock side, Supplier<T> action) {
        side.lock();
        try {
            return action.get();
        } finally {
            side.unlock();
        }
    }
}
