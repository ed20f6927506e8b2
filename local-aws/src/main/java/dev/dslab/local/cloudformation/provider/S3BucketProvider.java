package dev.dslab.local.cloudformation.provider;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * AWS::S3::Bucket on S3Proxy: name and versioning. Deleting a bucket that still holds objects fails, as
 * it does in CloudFormation (empty it first). S3Proxy implements no tagging (it answers NotImplemented to
 * every ?tagging request), so a bucket's tags (its own and those propagated from the stack) stay in
 * CloudFormation's record only; the resource's CREATE_COMPLETE/UPDATE_COMPLETE event says so.
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
        if (exists(name)) {
            throw new ProviderException(name + " already exists");
        }
        s3.createBucket(r -> r.bucket(name));
        String versioning = request.node("VersioningConfiguration").path("Status").asText(null);
        if (versioning != null) {
            s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(versioning)));
        }
        return provisioned(name, request);
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
        return provisioned(name, request);
    }

    private boolean exists(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException absent) {
            return false;
        }
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        try {
            s3.deleteBucket(r -> r.bucket(current.physicalId()));
        } catch (NoSuchBucketException gone) {
            // already gone: deleting is done
        }
    }

    private ProvisionedResource provisioned(String name, ResourceRequest request) {
        String note = request.tags().isEmpty() ? null : "Tags " + new TreeSet<>(request.tags().keySet())
                + " recorded by CloudFormation only: S3Proxy implements no bucket tagging";
        return new ProvisionedResource(name, Map.of(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + region + ".amazonaws.com",
                "DualStackDomainName", name + ".s3.dualstack." + region + ".amazonaws.com"), note);
    }
}
