package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A function's configuration as CreateFunction and UpdateFunctionConfiguration set it, validated with the
 * constraints and messages of the Lambda API. Settings the local target does not model (layers, VPC,
 * file systems, container images, code signing, SnapStart, published versions, dead-letter queues) are
 * refused with a clear error instead of being stored and silently ignored.
 */
record FunctionSettings(
        String runtime,
        String handler,
        String role,
        int memorySize,
        int timeout,
        String description,
        Map<String, String> environment,
        String architecture,
        int ephemeralStorageMb,
        String tracingMode,
        String logFormat,
        String logGroup,
        String applicationLogLevel,
        String systemLogLevel,
        String kmsKeyArn) {

    static final List<String> SUPPORTED_RUNTIMES = List.of("java11", "java17", "java21");
    static final int DEFAULT_MEMORY_SIZE = 128;
    static final int DEFAULT_TIMEOUT = 3;

    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern HANDLER = Pattern.compile("[^\\s]+");
    private static final Pattern ENVIRONMENT_KEY = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
    /** The variables Lambda sets itself and refuses in a function's configuration. */
    private static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");
    private static final int ENVIRONMENT_LIMIT_BYTES = 4096;
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    /** The settings of a CreateFunction request. */
    static FunctionSettings forCreate(String functionName, JsonNode request) {
        String packageType = text(request, "PackageType", "Zip");
        if (!packageType.equals("Zip")) {
            throw LambdaException.invalidParameter("PackageType " + packageType
                    + " is not supported by the dslab local target; functions are deployed as Zip packages");
        }
        if (request.path("Publish").asBoolean(false)) {
            throw LambdaException.invalidParameter("Publish is not supported by the dslab local target: it does"
                    + " not model published versions, only $LATEST");
        }
        if (!request.hasNonNull("Role")) {
            throw LambdaException.validation("null", "role", "Member must not be null");
        }
        if (!request.hasNonNull("Runtime")) {
            throw LambdaException.invalidParameter("The runtime parameter is required for functions with the Zip package type");
        }
        if (!request.hasNonNull("Handler")) {
            throw LambdaException.invalidParameter("The handler parameter is required for functions with the Zip package type");
        }
        FunctionSettings defaults = new FunctionSettings(null, null, null, DEFAULT_MEMORY_SIZE, DEFAULT_TIMEOUT, "",
                Map.of(), "x86_64", 512, "PassThrough", "Text", "/aws/lambda/" + functionName, null, null, null);
        return defaults.updatedWith(request);
    }

    /** These settings with the fields a request sets replaced (UpdateFunctionConfiguration, or CreateFunction on defaults). */
    FunctionSettings updatedWith(JsonNode request) {
        refuseUnmodelled(request);
        String newRuntime = request.hasNonNull("Runtime") ? validRuntime(request.get("Runtime").asText()) : runtime;
        String newHandler = request.hasNonNull("Handler") ? validHandler(request.get("Handler").asText()) : handler;
        String newRole = request.hasNonNull("Role") ? validRole(request.get("Role").asText()) : role;
        int newMemory = request.hasNonNull("MemorySize") ? bounded(request.get("MemorySize"), "memorySize", 128, 10240) : memorySize;
        int newTimeout = request.hasNonNull("Timeout") ? bounded(request.get("Timeout"), "timeout", 1, 900) : timeout;
        String newDescription = description;
        if (request.hasNonNull("Description")) {
            newDescription = request.get("Description").asText();
            if (newDescription.length() > 256) {
                throw LambdaException.validation(newDescription, "description", "Member must have length less than or equal to 256");
            }
        }
        Map<String, String> newEnvironment = request.has("Environment")
                ? validEnvironment(request.get("Environment").path("Variables")) : environment;
        String newArchitecture = architecture;
        if (request.hasNonNull("Architectures")) {
            JsonNode architectures = request.get("Architectures");
            if (architectures.size() != 1 || !List.of("x86_64", "arm64").contains(architectures.get(0).asText())) {
                throw LambdaException.validation(architectures, "architectures",
                        "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]");
            }
            newArchitecture = architectures.get(0).asText();
        }
        int newStorage = request.path("EphemeralStorage").hasNonNull("Size")
                ? bounded(request.path("EphemeralStorage").get("Size"), "ephemeralStorage.size", 512, 10240) : ephemeralStorageMb;
        String newTracing = tracingMode;
        if (request.path("TracingConfig").hasNonNull("Mode")) {
            newTracing = oneOf(request.path("TracingConfig").get("Mode").asText(), "tracingConfig.mode", List.of("Active", "PassThrough"));
        }
        JsonNode logging = request.path("LoggingConfig");
        String newLogFormat = logging.hasNonNull("LogFormat")
                ? oneOf(logging.get("LogFormat").asText(), "loggingConfig.logFormat", List.of("JSON", "Text")) : logFormat;
        String newLogGroup = logging.hasNonNull("LogGroup") ? logging.get("LogGroup").asText() : logGroup;
        String newApplicationLevel = logging.hasNonNull("ApplicationLogLevel")
                ? oneOf(logging.get("ApplicationLogLevel").asText(), "loggingConfig.applicationLogLevel", LOG_LEVELS) : applicationLogLevel;
        String newSystemLevel = logging.hasNonNull("SystemLogLevel")
                ? oneOf(logging.get("SystemLogLevel").asText(), "loggingConfig.systemLogLevel", List.of("DEBUG", "INFO", "WARN")) : systemLogLevel;
        if (newLogFormat.equals("JSON")) {
            newApplicationLevel = newApplicationLevel == null ? "INFO" : newApplicationLevel;
            newSystemLevel = newSystemLevel == null ? "INFO" : newSystemLevel;
        } else if (newApplicationLevel != null || newSystemLevel != null) {
            throw LambdaException.invalidParameter("To set ApplicationLogLevel or SystemLogLevel, the LogFormat must be JSON");
        }
        String newKmsKey = request.has("KMSKeyArn") ? emptyToNull(request.path("KMSKeyArn").asText(null)) : kmsKeyArn;
        return new FunctionSettings(newRuntime, newHandler, newRole, newMemory, newTimeout, newDescription,
                newEnvironment, newArchitecture, newStorage, newTracing, newLogFormat, newLogGroup,
                newApplicationLevel, newSystemLevel, newKmsKey);
    }

    private static void refuseUnmodelled(JsonNode request) {
        List<String> refused = new ArrayList<>();
        if (request.path("Layers").size() > 0) {
            refused.add("Layers");
        }
        if (request.path("VpcConfig").path("SubnetIds").size() > 0 || request.path("VpcConfig").path("SecurityGroupIds").size() > 0) {
            refused.add("VpcConfig");
        }
        if (request.path("FileSystemConfigs").size() > 0) {
            refused.add("FileSystemConfigs");
        }
        if (request.path("ImageConfig").size() > 0) {
            refused.add("ImageConfig");
        }
        if (!request.path("CodeSigningConfigArn").asText("").isEmpty()) {
            refused.add("CodeSigningConfigArn");
        }
        if (request.path("SnapStart").path("ApplyOn").asText("None").equals("PublishedVersions")) {
            refused.add("SnapStart");
        }
        if (!request.path("DeadLetterConfig").path("TargetArn").asText("").isEmpty()) {
            refused.add("DeadLetterConfig");
        }
        if (!refused.isEmpty()) {
            throw LambdaException.invalidParameter(String.join(", ", refused)
                    + (refused.size() == 1 ? " is" : " are") + " not supported by the dslab local target");
        }
    }

    private static String validRuntime(String value) {
        if (!SUPPORTED_RUNTIMES.contains(value)) {
            throw LambdaException.invalidParameter("Runtime " + value + " is not supported by the dslab local target,"
                    + " which runs Java functions only; supported runtimes: " + String.join(", ", SUPPORTED_RUNTIMES));
        }
        return value;
    }

    private static String validHandler(String value) {
        if (value.length() > 128) {
            throw LambdaException.validation(value, "handler", "Member must have length less than or equal to 128");
        }
        if (!HANDLER.matcher(value).matches()) {
            throw LambdaException.validation(value, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
        }
        return value;
    }

    private static String validRole(String value) {
        if (!ROLE.matcher(value).matches()) {
            throw LambdaException.validation(value, "role", "Member must satisfy regular expression pattern: " + ROLE.pattern());
        }
        return value;
    }

    private static int bounded(JsonNode value, String field, int min, int max) {
        if (!value.canConvertToInt()) {
            throw LambdaException.validation(value.asText(), field, "Member must be an integer");
        }
        int number = value.asInt();
        if (number < min) {
            throw LambdaException.validation(number, field, "Member must have value greater than or equal to " + min);
        }
        if (number > max) {
            throw LambdaException.validation(number, field, "Member must have value less than or equal to " + max);
        }
        return number;
    }

    private static String oneOf(String value, String field, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw LambdaException.validation(value, field, "Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    private static Map<String, String> validEnvironment(JsonNode variables) {
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> reserved = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> variable = it.next();
            String key = variable.getKey();
            if (!ENVIRONMENT_KEY.matcher(key).matches()) {
                throw LambdaException.validation(key, "environment.variables",
                        "Member must satisfy regular expression pattern: " + ENVIRONMENT_KEY.pattern());
            }
            if (RESERVED_VARIABLES.contains(key)) {
                reserved.add(key);
            }
            result.put(key, variable.getValue().asText());
        }
        if (!reserved.isEmpty()) {
            throw LambdaException.invalidParameter("Lambda was unable to configure your environment variables because"
                    + " the environment variables you have provided contains reserved keys that are currently not"
                    + " supported for modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        String measured = variables.toString();
        if (measured.getBytes(StandardCharsets.UTF_8).length > ENVIRONMENT_LIMIT_BYTES) {
            throw LambdaException.invalidParameter("Lambda was unable to configure your environment variables because"
                    + " the environment variables you have provided exceeded the 4KB limit. String measured: " + measured);
        }
        return Collections.unmodifiableMap(result);
    }

    private static String text(JsonNode request, String field, String fallback) {
        return request.hasNonNull(field) ? request.get(field).asText() : fallback;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
