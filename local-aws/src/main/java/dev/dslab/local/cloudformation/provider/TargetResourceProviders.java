package dev.dslab.local.cloudformation.provider;

import java.util.List;

/** The resource types the local target deploys, each creating real resources through the target's edge. */
public final class TargetResourceProviders {

    private TargetResourceProviders() {
    }

    public static ResourceProviders create(TargetClients clients, String region) {
        return new ResourceProviders(List.of(
                new DynamoDbTableProvider(clients.dynamoDb()),
                new S3BucketProvider(clients.s3(), region),
                new KinesisStreamProvider(clients.kinesis()),
                new LambdaFunctionProvider(clients.lambda()),
                new LambdaEventSourceMappingProvider(clients.lambda()),
                new IamRoleProvider(),
                new IamPolicyProvider(),
                new CdkMetadataProvider()));
    }
}
