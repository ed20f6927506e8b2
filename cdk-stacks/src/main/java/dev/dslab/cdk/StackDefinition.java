package dev.dslab.cdk;

import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/**
 * One stack of a learner's sandbox. Labs add theirs to {@link SandboxApp#STACKS} (a constructor reference such
 * as {@code SandboxStack::new} is a definition); the synthesizer and the CDK CLI app build every one of them.
 */
@FunctionalInterface
public interface StackDefinition {

    Stack define(Construct app, SandboxContext context);
}
