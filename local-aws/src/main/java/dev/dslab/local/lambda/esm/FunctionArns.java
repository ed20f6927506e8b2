package dev.dslab.local.lambda.esm;

/** How mappings learn that a function exists: the Lambda service resolves a FunctionName to its ARN. */
@FunctionalInterface
public interface FunctionArns {

    /**
     * @param reference a function name, partial ARN or ARN, possibly qualified
     * @return the unqualified ARN of the existing function
     * @throws RuntimeException the Lambda service's own not-found error when there is no such function
     */
    String arnOf(String reference);
}
