package dev.dslab.local.s3;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The S3 consistency model the local target plays.
 *
 * <p>{@link #STRONG}: S3 since December 2020, "strong read-after-write consistency for PUT and DELETE
 * requests of objects" and for LIST (S3 User Guide, "Amazon S3 data consistency model",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel;
 * https://aws.amazon.com/s3/consistency/; Jeff Barr, "Amazon S3 Update – Strong Read-After-Write
 * Consistency", AWS News Blog, 1 December 2020,
 * https://aws.amazon.com/blogs/aws/amazon-s3-update-strong-read-after-write-consistency/).
 *
 * <p>{@link #LEGACY_2019}: the model the S3 Developer Guide documented until then
 * (https://docs.aws.amazon.com/AmazonS3/latest/dev/Introduction.html#ConsistencyModel, as archived in
 * 2019-2020): "Amazon S3 provides read-after-write consistency for PUTS of new objects in your S3 bucket in
 * all Regions with one caveat. The caveat is that if you make a HEAD or GET request to a key name before
 * the object is created, then create the object shortly after that, a subsequent GET might not return the
 * object due to eventual consistency. Amazon S3 offers eventual consistency for overwrite PUTS and DELETES
 * in all Regions."
 */
public enum ConsistencyMode {
    STRONG("strong"),
    LEGACY_2019("legacy-2019");

    private final String label;

    ConsistencyMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<ConsistencyMode> byLabel(String label) {
        return Arrays.stream(values()).filter(mode -> mode.label.equals(label)).findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(ConsistencyMode::label).collect(Collectors.joining(", "));
    }
}
