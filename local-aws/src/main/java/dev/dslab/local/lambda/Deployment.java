package dev.dslab.local.lambda;

/**
 * What an execution environment runs: a function's settings and code at one moment. Any change of either
 * makes a new deployment; environments of an older one are not reused, as in Lambda, where a configuration
 * or code update moves invocations to new environments.
 */
record Deployment(String functionName, String functionArn, FunctionSettings settings, FunctionCode code) {

    Deployment withSettings(FunctionSettings newSettings) {
        return new Deployment(functionName, functionArn, newSettings, code);
    }

    Deployment withCode(FunctionCode newCode) {
        return new Deployment(functionName, functionArn, settings, newCode);
    }
}
