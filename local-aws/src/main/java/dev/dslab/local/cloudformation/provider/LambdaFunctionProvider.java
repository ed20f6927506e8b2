package dev.dslab.local.cloudformation.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * AWS::Lambda::Function on the target's Lambda service, with code from S3 (S3Bucket/S3Key) as CDK
 * assets deliver it. Inline ZipFile code and container images are for runtimes the local target does not
 * run, so they fail loudly.
 */
final class LambdaFunctionProvider implements ResourceProvider {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Set<String> CONFIGURATION = Set.of("Handler", "Runtime", "Role", "MemorySize", "Timeout",
            "Environment", "Description");
    private final LambdaClient lambda;

    LambdaFunctionProvider(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public String type() {
        return "AWS::Lambda::Function";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("FunctionName", "Code", "Handler", "Runtime", "Role", "MemorySize", "Timeout", "Environment",
                "Description", "Architectures", "Tags", "ReservedConcurrentExecutions");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("FunctionName");
    }

    @Override
    public String nameProperty() {
        return "FunctionName";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        JsonNode code = code(request);
        String name = request.physicalName(nameProperty(), PhysicalNames.Style.LAMBDA_FUNCTION);
        Settings settings = Settings.of(request);
        List<String> architectures = new ArrayList<>();
        request.node("Architectures").forEach(architecture -> architectures.add(architecture.asText()));
        lambda.createFunction(r -> {
            r.functionName(name).handler(request.text("Handler")).runtime(request.text("Runtime"))
                    .role(request.text("Role")).description(request.text("Description"))
                    .code(c -> c.s3Bucket(code.path("S3Bucket").asText()).s3Key(code.path("S3Key").asText())
                            .s3ObjectVersion(code.path("S3ObjectVersion").asText(null)))
                    .tags(request.tags())
                    .memorySize(settings.memorySize()).timeout(settings.timeout()).environment(settings.environment());
            if (!architectures.isEmpty()) {
                r.architecturesWithStrings(architectures);
            }
        });
        FunctionConfiguration ready = awaitReady(name);
        if (request.integer("ReservedConcurrentExecutions") != null) {
            reserveConcurrency(name, request);
        }
        return provisioned(ready);
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        String name = current.physicalId();
        ChangedProperties.requireOnly(previous, request, union(CONFIGURATION, Set.of("Code", "Tags", "ReservedConcurrentExecutions")),
                "the function must be replaced (rename it) to change its architecture");
        Set<String> changed = ChangedProperties.between(previous, request);
        if (changed.contains("Code")) {
            JsonNode code = code(request);
            lambda.updateFunctionCode(r -> r.functionName(name).s3Bucket(code.path("S3Bucket").asText())
                    .s3Key(code.path("S3Key").asText()).s3ObjectVersion(code.path("S3ObjectVersion").asText(null)));
            awaitReady(name);
        }
        if (changed.stream().anyMatch(CONFIGURATION::contains)) {
            Settings settings = Settings.of(request);
            lambda.updateFunctionConfiguration(r -> r.functionName(name).handler(request.text("Handler"))
                    .runtime(request.text("Runtime")).role(request.text("Role"))
                    .description(request.text("Description", "")).memorySize(settings.memorySize())
                    .timeout(settings.timeout()).environment(settings.environment()));
            awaitReady(name);
        }
        if (changed.contains("ReservedConcurrentExecutions")) {
            reserveConcurrency(name, request);
        }
        Tags tags = Tags.diff(previous.tags(), request.tags());
        String arn = current.attributes().get("Arn");
        if (!tags.toRemove().isEmpty()) {
            lambda.untagResource(r -> r.resource(arn).tagKeys(tags.toRemove()));
        }
        if (!tags.toSet().isEmpty()) {
            lambda.tagResource(r -> r.resource(arn).tags(tags.toSet()));
        }
        return provisioned(awaitReady(name));
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) {
        try {
            lambda.deleteFunction(r -> r.functionName(current.physicalId()));
        } catch (ResourceNotFoundException gone) {
            // already gone: deleting is done
        }
    }

    /** ReservedConcurrentExecutions set: PutFunctionConcurrency; left out: the function has no reservation. */
    private void reserveConcurrency(String name, ResourceRequest request) throws ProviderException {
        Integer reserved = request.integer("ReservedConcurrentExecutions");
        try {
            if (reserved == null) {
                lambda.deleteFunctionConcurrency(r -> r.functionName(name));
            } else {
                lambda.putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(reserved));
            }
        } catch (InvalidParameterValueException refused) {
            throw new ProviderException(refused.awsErrorDetails().errorMessage());
        }
    }

    private static JsonNode code(ResourceRequest request) throws ProviderException {
        JsonNode code = request.node("Code");
        if (code.has("ZipFile") || code.has("ImageUri")) {
            throw new ProviderException("Code.ZipFile and Code.ImageUri are not supported by the dslab local target "
                    + "(it runs Java functions from S3 code); use Code.S3Bucket and Code.S3Key");
        }
        if (!code.has("S3Bucket") || !code.has("S3Key")) {
            throw new ProviderException("Properties validation failed: Code requires S3Bucket and S3Key");
        }
        return code;
    }

    /** The settings CreateFunction and UpdateFunctionConfiguration share. */
    private record Settings(Integer memorySize, Integer timeout, Environment environment) {

        static Settings of(ResourceRequest request) throws ProviderException {
            Map<String, String> variables = new LinkedHashMap<>();
            request.node("Environment").path("Variables").fields()
                    .forEachRemaining(variable -> variables.put(variable.getKey(), variable.getValue().asText()));
            return new Settings(request.integer("MemorySize"), request.integer("Timeout"),
                    Environment.builder().variables(variables).build());
        }
    }

    private FunctionConfiguration awaitReady(String name) throws Exception {
        FunctionConfiguration[] function = new FunctionConfiguration[1];
        Polling.until("Function " + name + " becoming Active", WAIT, () -> {
            function[0] = lambda.getFunction(r -> r.functionName(name)).configuration();
            if (function[0].state() == State.FAILED || function[0].lastUpdateStatus() == LastUpdateStatus.FAILED) {
                throw new ProviderException("Function " + name + " failed: " + function[0].stateReason());
            }
            return (function[0].state() == null || function[0].state() == State.ACTIVE)
                    && (function[0].lastUpdateStatus() == null
                    || function[0].lastUpdateStatus() == LastUpdateStatus.SUCCESSFUL);
        });
        return function[0];
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static ProvisionedResource provisioned(FunctionConfiguration function) {
        return new ProvisionedResource(function.functionName(), Map.of("Arn", function.functionArn()));
    }
}
