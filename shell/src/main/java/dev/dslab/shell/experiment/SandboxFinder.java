package dev.dslab.shell.experiment;

import dev.dslab.cdk.SandboxStack;
import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.target.TargetConnection;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A learner's sandbox resources as experiments need them: the outputs of their sandbox stack, if it is ready. */
@Component
class SandboxFinder {

    private static final List<String> USABLE = List.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE");

    Optional<SandboxNames> find(TargetConnection connection, LearnerName learner) {
        String stackName = "dslab-" + learner.value();
        try (CloudFormationClient cloudFormation = connection.cloudFormation()) {
            List<Stack> stacks = cloudFormation.describeStacks(describe -> describe.stackName(stackName)).stacks();
            Optional<Stack> ready = stacks.stream().filter(stack -> USABLE.contains(stack.stackStatusAsString())).findFirst();
            if (ready.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> outputs = ready.get().outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
            List<String> needed = List.of(SandboxStack.OUTPUT_TABLE, SandboxStack.OUTPUT_GSI, SandboxStack.OUTPUT_BUCKET,
                    SandboxStack.OUTPUT_STREAM, SandboxStack.OUTPUT_FUNCTION, SandboxStack.OUTPUT_LEASE_TABLE, SandboxStack.OUTPUT_STREAM_FUNCTION);
            if (!outputs.keySet().containsAll(needed)) {
                // made by an older dslab: 'sandbox up' updates it to the current definition
                return Optional.empty();
            }
            return Optional.of(new SandboxNames(outputs.get(SandboxStack.OUTPUT_TABLE), outputs.get(SandboxStack.OUTPUT_GSI),
                    outputs.get(SandboxStack.OUTPUT_BUCKET), outputs.get(SandboxStack.OUTPUT_STREAM),
                    outputs.get(SandboxStack.OUTPUT_FUNCTION), outputs.get(SandboxStack.OUTPUT_LEASE_TABLE),
                    outputs.get(SandboxStack.OUTPUT_STREAM_FUNCTION)));
        } catch (CloudFormationException noSuchStack) {
            if (noSuchStack.statusCode() == 400 && String.valueOf(noSuchStack.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw new DslabException("the " + connection.target() + " target answered: " + noSuchStack.getMessage(), noSuchStack);
        } catch (SdkException unreachable) {
            throw new DslabException("the " + connection.target() + " target answered: " + unreachable.getMessage(), unreachable);
        }
    }
}
