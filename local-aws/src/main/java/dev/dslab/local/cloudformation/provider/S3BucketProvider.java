package dev.dslab.local.cloudformation.provider;

import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;

/**
 * AWS::S3::Bucket on S3Proxy: name, versioning and tags. Deleting a bucket that still holds objects
 * fails, as it does in CloudFormation (empty it first).
 */
final class S3BucketProvider implements ResourceProvider {

    private final S3Client s3;
    private final String region;

    S3BucketProvider(S3Client s3, String region) {
        this.s3 = s3;
        this.region = region;
    }

    @Override
    public String type() {
        return "AWS::S3::Bucket";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("BucketName", "VersioningConfiguration", "Tags");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("BucketName");
    }

    @Override
    public String nameProperty() {
        return "BucketName";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        String name = request.physicalName(nameProperty(), PhysicalNames.Style.S3_BUCKET);
        s3.createBucket(r -> r.bucket(name));
        String versioning = request.node("VersioningConfiguration").path("Status").asText(null);
        if (versioning != null) {
            s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(versioning)));
        }
        if (!request.tags().isEmpty()) {
            putTags(name, request.tags());
        }
        return provisioned(name);
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        String name = current.physicalId();
        String versioning = request.node("VersioningConfiguration").path("Status").asText(null);
        String before = previous.node("VersioningConfiguration").path("Status").asText(null);
        if (versioning == null && before != null) {
            // a bucket once versioned can only be suspended, which is what CloudFormation does here
            s3.putBucketVersioning(r -> r.bucket(name)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        } else if (versioning != null && !versioning.equals(before)) {
            s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(versioning)));
        }
        if (!request.tags().equals(previous.tags())) {
            if (request.tags().isEmpty()) {
                s3.deleteBucketTagging(r -> r.bucket(name));
            } else {
                putTags(name, request.tags());
            }
        }
        return provisioned(name);
    }

    private void putTags(String bucket, Map<String, String> tags) {
        s3.putBucketTagging(r -> r.bucket(bucket).tagging(Tagging.builder().tagSet(tags.entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList()).build()));
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        try {
            s3.deleteBucket(r -> r.bucket(current.physicalId()));
        } catch (NoSuchBucketException gone) {
            // already gone: deleting is done
        }
    }

    private ProvisionedResource provisioned(String name) {
        return new ProvisionedResource(name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + region + ".amazonaws.com",
                "DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"));
    }
}
