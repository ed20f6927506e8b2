package dev.dslab.cdk;

import java.nio.file.Path;

/**
 * One file asset of a synthesized stack, as its asset manifest describes it. {@code bucketName} and
 * {@code objectKey} keep the manifest's {@code ${AWS::AccountId}}, {@code ${AWS::Region}} and
 * {@code ${AWS::Partition}} placeholders; {@link #destination} resolves them for one target.
 *
 * @param id          the asset hash (the manifest's key)
 * @param displayName what CDK calls it, e.g. "Probe/Code" or "dslab-alice Template"
 * @param source      the file (packaging "file") or directory to zip (packaging "zip") to upload
 */
public record FileAsset(String id, String displayName, Path source, String packaging, String bucketName, String objectKey) {

    /** Where to upload the asset in the given account and region. */
    public AssetDestination destination(String accountId, String region) {
        return new AssetDestination(resolve(bucketName, accountId, region), resolve(objectKey, accountId, region));
    }

    private static String resolve(String value, String accountId, String region) {
        return value.replace("${AWS::AccountId}", accountId)
                .replace("${AWS::Region}", region)
                .replace("${AWS::Partition}", partitionOf(region));
    }

    private static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** A resolved upload target. */
    public record AssetDestination(String bucketName, String objectKey) {
    }
}
