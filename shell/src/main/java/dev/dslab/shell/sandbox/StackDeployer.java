package dev.dslab.shell.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.cdk.FileAsset;
import dev.dslab.cdk.SynthesizedStack;
import dev.dslab.shell.console.DslabException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys synthesized stacks with the plain CloudFormation API, the same way on every target: file assets
 * into the asset bucket first, then create the stack, update it when its template or tags changed, or
 * say "no changes". Progress comes from the stack's own events.
 */
public final class StackDeployer {

    static final Duration STACK_TIMEOUT = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudFormationClient cloudFormation;
    private final S3Client s3;
    private final StackEvents events;
    private final String region;

    public StackDeployer(CloudFormationClient cloudFormation, S3Client s3, String region, PrintWriter progress) {
        this.region = region;
        this.cloudFormation = cloudFormation;
        this.s3 = s3;
        this.events = new StackEvents(cloudFormation, progress);
    }

    /** Uploads each file asset once: its key is its content hash, so an existing object is already right. */
    public void uploadAssets(List<FileAsset> assets, String accountId) {
        for (FileAsset asset : assets) {
            if (!"file".equals(asset.packaging())) {
                throw new DslabException("asset " + asset.displayName() + " is packaged as '" + asset.packaging()
                        + "'; dslab's deployer uploads file assets only");
            }
            FileAsset.AssetDestination destination = asset.destination(accountId, region);
            ensureBucket(destination.bucketName());
            if (!exists(destination.bucketName(), destination.objectKey())) {
                s3.putObject(put -> put.bucket(destination.bucketName()).key(destination.objectKey()),
                        RequestBody.fromFile(asset.source()));
            }
        }
    }

    public DeployOutcome deploy(SynthesizedStack stack) {
        Optional<Stack> existing = events.settle(stack.stackName());
        if (existing.isPresent() && mustRecreate(existing.get().stackStatus())) {
            // a failed first create can only be deleted (CloudFormation's rule), then created again
            delete(stack.stackName());
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            Instant since = Instant.now();
            cloudFormation.createStack(create -> create.stackName(stack.stackName()).templateBody(stack.templateJson())
                    .tags(tags(stack.tags())).capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
            Stack done = events.follow(stack.stackName(), since, STACK_TIMEOUT);
            requireStatus(done, StackStatus.CREATE_COMPLETE);
            return new DeployOutcome(stack.stackName(), DeployOutcome.Change.CREATED, done.stackStatusAsString(), outputs(done));
        }
        if (sameTemplate(stack) && sameTags(existing.get(), stack.tags())) {
            return new DeployOutcome(stack.stackName(), DeployOutcome.Change.NO_CHANGES,
                    existing.get().stackStatusAsString(), outputs(existing.get()));
        }
        Instant since = Instant.now();
        try {
            cloudFormation.updateStack(update -> update.stackName(stack.stackName()).templateBody(stack.templateJson())
                    .tags(tags(stack.tags())).capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("No updates are to be performed")) {
                return new DeployOutcome(stack.stackName(), DeployOutcome.Change.NO_CHANGES,
                        existing.get().stackStatusAsString(), outputs(existing.get()));
            }
            throw e;
        }
        Stack done = events.follow(stack.stackName(), since, STACK_TIMEOUT);
        requireStatus(done, StackStatus.UPDATE_COMPLETE);
        return new DeployOutcome(stack.stackName(), DeployOutcome.Change.UPDATED, done.stackStatusAsString(), outputs(done));
    }

    /** Deletes the stack if it exists; returns false when there was none. */
    public boolean delete(String stackName) {
        Optional<Stack> existing = events.settle(stackName);
        if (existing.isEmpty()) {
            return false;
        }
        emptyBuckets(stackName);
        Instant since = Instant.now();
        cloudFormation.deleteStack(delete -> delete.stackName(existing.get().stackId()));
        Stack done = events.follow(existing.get().stackId(), since, STACK_TIMEOUT);
        requireStatus(done, StackStatus.DELETE_COMPLETE);
        return true;
    }

    /** CloudFormation refuses to delete a bucket with objects; a sandbox's buckets are emptied first. */
    private void emptyBuckets(String stackName) {
        cloudFormation.listStackResourcesPaginator(list -> list.stackName(stackName)).stackResourceSummaries().stream()
                .filter(resource -> "AWS::S3::Bucket".equals(resource.resourceType()) && resource.physicalResourceId() != null)
                .forEach(resource -> new BucketEmptier(s3).empty(resource.physicalResourceId()));
    }

    private static boolean mustRecreate(StackStatus status) {
        return status == StackStatus.ROLLBACK_COMPLETE || status == StackStatus.ROLLBACK_FAILED
                || status == StackStatus.CREATE_FAILED || status == StackStatus.DELETE_FAILED;
    }

    private void requireStatus(Stack stack, StackStatus wanted) {
        if (stack.stackStatus() != wanted) {
            String reason = events.firstFailure().orElse(stack.stackStatusReason());
            throw new DslabException("stack " + stack.stackName() + " ended " + stack.stackStatusAsString()
                    + (reason == null ? "" : ": " + reason));
        }
    }

    private boolean sameTemplate(SynthesizedStack stack) {
        String deployed = cloudFormation.getTemplate(get -> get.stackName(stack.stackName()).templateStage(TemplateStage.ORIGINAL))
                .templateBody();
        try {
            JsonNode current = JSON.readTree(deployed);
            JsonNode wanted = JSON.readTree(stack.templateJson());
            return current.equals(wanted);
        } catch (Exception notJson) {
            return deployed.equals(stack.templateJson());
        }
    }

    private static boolean sameTags(Stack stack, Map<String, String> tags) {
        Map<String, String> current = new LinkedHashMap<>();
        stack.tags().forEach(tag -> current.put(tag.key(), tag.value()));
        return current.equals(tags);
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    private void ensureBucket(String bucket) {
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (NoSuchBucketException missing) {
            createBucket(bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucket(bucket);
        }
    }

    private void createBucket(String bucket) {
        try {
            if (region.equals("us-east-1")) {
                s3.createBucket(create -> create.bucket(bucket));
            } else {
                // outside us-east-1 S3 wants the region named, or it refuses with IllegalLocationConstraintException
                s3.createBucket(create -> create.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(region)));
            }
        } catch (BucketAlreadyOwnedByYouException raced) {
            // another dslab process created it in the meantime: that is what we wanted
        }
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException missing) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
