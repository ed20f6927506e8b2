package dev.dslab.local.cloudformation.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.GetEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * AWS::Lambda::EventSourceMapping for Kinesis streams on the target's Lambda service
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-eventsourcemapping.html):
 * Ref is the mapping's UUID; Fn::GetAtt gives Id and EventSourceMappingArn. Like CloudFormation, it waits
 * until the mapping is Enabled (or Disabled) before the resource is complete. A property removed on update
 * goes back to Lambda's default.
 */
final class LambdaEventSourceMappingProvider implements ResourceProvider {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private final LambdaClient lambda;

    LambdaEventSourceMappingProvider(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public String type() {
        return "AWS::Lambda::EventSourceMapping";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("FunctionName", "EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "BatchSize",
                "MaximumBatchingWindowInSeconds", "ParallelizationFactor", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
                "MaximumRecordAgeInSeconds", "FunctionResponseTypes", "DestinationConfig", "TumblingWindowInSeconds", "Enabled");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("EventSourceArn", "StartingPosition", "StartingPositionTimestamp");
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        Settings settings = Settings.of(request);
        String timestamp = request.text("StartingPositionTimestamp");
        String uuid = lambda.createEventSourceMapping(r -> {
            r.functionName(request.text("FunctionName")).eventSourceArn(request.text("EventSourceArn"))
                    .startingPosition(request.text("StartingPosition"))
                    .batchSize(settings.batchSize).maximumBatchingWindowInSeconds(settings.batchingWindow)
                    .parallelizationFactor(settings.parallelization).bisectBatchOnFunctionError(settings.bisect)
                    .maximumRetryAttempts(settings.retries).maximumRecordAgeInSeconds(settings.recordAge)
                    .functionResponseTypesWithStrings(settings.responseTypes).destinationConfig(settings.destination)
                    .tumblingWindowInSeconds(settings.tumblingWindow).enabled(settings.enabled);
            if (timestamp != null) {
                r.startingPositionTimestamp(Instant.ofEpochMilli(Math.round(Double.parseDouble(timestamp) * 1000)));
            }
        }).uuid();
        return provisioned(awaitSettled(uuid));
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        Settings settings = Settings.of(request);
        String uuid = current.physicalId();
        awaitSettled(uuid);
        lambda.updateEventSourceMapping(r -> r.uuid(uuid).functionName(request.text("FunctionName"))
                .batchSize(settings.batchSize).maximumBatchingWindowInSeconds(settings.batchingWindow)
                .parallelizationFactor(settings.parallelization).bisectBatchOnFunctionError(settings.bisect)
                .maximumRetryAttempts(settings.retries).maximumRecordAgeInSeconds(settings.recordAge)
                .functionResponseTypesWithStrings(settings.responseTypes).destinationConfig(settings.destination)
                .tumblingWindowInSeconds(settings.tumblingWindow).enabled(settings.enabled));
        return provisioned(awaitSettled(uuid));
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) throws Exception {
        String uuid = current.physicalId();
        try {
            lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        } catch (ResourceNotFoundException gone) {
            return;
        }
        Polling.until("Deletion of event source mapping " + uuid, WAIT, () -> {
            try {
                lambda.getEventSourceMapping(r -> r.uuid(uuid));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        });
    }

    /** The template's settings, each at Lambda's Kinesis default when the template leaves it out. */
    private static final class Settings {
        int batchSize;
        int batchingWindow;
        int parallelization;
        boolean bisect;
        int retries;
        int recordAge;
        List<String> responseTypes = new ArrayList<>();
        DestinationConfig destination;
        int tumblingWindow;
        boolean enabled;

        static Settings of(ResourceRequest request) throws ProviderException {
            Settings settings = new Settings();
            settings.batchSize = orDefault(request.integer("BatchSize"), 100);
            settings.batchingWindow = orDefault(request.integer("MaximumBatchingWindowInSeconds"), 0);
            settings.parallelization = orDefault(request.integer("ParallelizationFactor"), 1);
            settings.bisect = Boolean.parseBoolean(request.text("BisectBatchOnFunctionError", "false"));
            settings.retries = orDefault(request.integer("MaximumRetryAttempts"), -1);
            settings.recordAge = orDefault(request.integer("MaximumRecordAgeInSeconds"), -1);
            request.node("FunctionResponseTypes").forEach(type -> settings.responseTypes.add(type.asText()));
            JsonNode onFailure = request.node("DestinationConfig").path("OnFailure").path("Destination");
            settings.destination = DestinationConfig.builder()
                    .onFailure(f -> f.destination(onFailure.isMissingNode() || onFailure.isNull() ? null : onFailure.asText())).build();
            settings.tumblingWindow = orDefault(request.integer("TumblingWindowInSeconds"), 0);
            settings.enabled = Boolean.parseBoolean(request.text("Enabled", "true"));
            return settings;
        }

        private static int orDefault(Integer value, int fallback) {
            return value == null ? fallback : value;
        }
    }

    private GetEventSourceMappingResponse awaitSettled(String uuid) throws Exception {
        GetEventSourceMappingResponse[] mapping = new GetEventSourceMappingResponse[1];
        Polling.until("Event source mapping " + uuid + " becoming Enabled or Disabled", WAIT, () -> {
            mapping[0] = lambda.getEventSourceMapping(r -> r.uuid(uuid));
            return mapping[0].state().equals("Enabled") || mapping[0].state().equals("Disabled");
        });
        return mapping[0];
    }

    private static ProvisionedResource provisioned(GetEventSourceMappingResponse mapping) {
        return new ProvisionedResource(mapping.uuid(), Map.of("Id", mapping.uuid(),
                "EventSourceMappingArn", mapping.eventSourceMappingArn()));
    }
}
