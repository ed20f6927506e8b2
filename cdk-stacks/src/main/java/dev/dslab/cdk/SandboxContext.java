package dev.dslab.cdk;

import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.CliCredentialsStackSynthesizer;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.assets.AssetOptions;

/**
 * What every stack of one learner's sandbox shares: the naming scheme, the tags, the synthesizer settings and
 * the Lambda code. Stack definitions take their names and props from here so all stacks follow the same rules.
 */
public record SandboxContext(String learner, LambdaJar lambdaJar) {

    /**
     * dslab creates this bucket itself in each account and region it deploys to, so no {@code cdk bootstrap}
     * is needed; the placeholders stay in the asset manifest and are resolved per target.
     */
    public static final String ASSETS_BUCKET = "dslab-assets-${AWS::AccountId}-${AWS::Region}";
    public static final String LEARNER_TAG = "dslab:learner";
    public static final String STACK_TAG = "dslab:stack";

    public SandboxContext {
        LearnerName.require(learner);
    }

    /** {@code dslab-<learner>} for the main stack (empty suffix), {@code dslab-<learner>-<suffix>} otherwise. */
    public String stackName(String suffix) {
        return suffix.isEmpty() ? "dslab-" + learner : physicalName(suffix);
    }

    /** Every physical name of a sandbox starts with {@code dslab-<learner>-}, so a learner's resources are easy to find. */
    public String physicalName(String suffix) {
        return "dslab-" + learner + "-" + suffix;
    }

    /** Props for a sandbox stack: environment-agnostic, bootstrap-free, no CDK metadata resource. */
    public StackProps stackProps(String stackName, String description) {
        return StackProps.builder()
                .stackName(stackName)
                .description(description)
                .synthesizer(CliCredentialsStackSynthesizer.Builder.create()
                        .fileAssetsBucketName(ASSETS_BUCKET)
                        .build())
                .analyticsReporting(false)
                .build();
    }

    /**
     * Tags the stack and, through it, every taggable resource in the template (stack-level tags alone would
     * reach the resources only when CloudFormation deploys them, and the template would not show them).
     */
    void tag(Stack stack) {
        Tags.of(stack).add(LEARNER_TAG, learner);
        Tags.of(stack).add(STACK_TAG, stack.getStackName());
    }

    /** The lambdas module's jar; its SHA-256 is the asset hash, so the S3 key changes exactly when the code does. */
    public Code lambdaCode() {
        return Code.fromAsset(lambdaJar.path().toString(), AssetOptions.builder()
                .assetHashType(AssetHashType.CUSTOM)
                .assetHash(lambdaJar.sha256())
                .build());
    }
}
