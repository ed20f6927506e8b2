package dev.dslab.cdk;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileAssetTest {

    private final FileAsset asset = new FileAsset("abc", "Probe/Code", Path.of("asset.abc.jar"), "file",
            "dslab-assets-${AWS::AccountId}-${AWS::Region}", "${AWS::Partition}/abc.jar");

    @Test
    void resolvesTheManifestPlaceholdersForOneAccountAndRegion() {
        assertThat(asset.destination("000000000000", "us-east-1"))
                .isEqualTo(new FileAsset.AssetDestination("dslab-assets-000000000000-us-east-1", "aws/abc.jar"));
    }

    @Test
    void derivesThePartitionFromTheRegion() {
        assertThat(asset.destination("1", "cn-north-1").objectKey()).isEqualTo("aws-cn/abc.jar");
        assertThat(asset.destination("1", "us-gov-west-1").objectKey()).isEqualTo("aws-us-gov/abc.jar");
    }
}
