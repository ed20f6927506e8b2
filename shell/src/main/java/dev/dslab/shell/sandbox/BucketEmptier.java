package dev.dslab.shell.sandbox;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.ArrayList;
import java.util.List;

/** Deletes every object version and delete marker of a bucket, so that the bucket itself can be deleted. */
final class BucketEmptier {

    private final S3Client s3;

    BucketEmptier(S3Client s3) {
        this.s3 = s3;
    }

    void empty(String bucket) {
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (var page : s3.listObjectVersionsPaginator(list -> list.bucket(bucket))) {
                page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
                page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
            }
            for (int from = 0; from < batch.size(); from += 1000) {
                List<ObjectIdentifier> chunk = batch.subList(from, Math.min(batch.size(), from + 1000));
                s3.deleteObjects(delete -> delete.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
            }
        } catch (NoSuchBucketException gone) {
            // already deleted: nothing to empty
        }
    }
}
