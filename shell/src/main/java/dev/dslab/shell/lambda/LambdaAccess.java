package dev.dslab.shell.lambda;

import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.TargetConnection;
import dev.dslab.shell.target.Targets;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** A Lambda client on the chosen target for one command, with an unreachable target and Lambda's refusals as one line each. */
final class LambdaAccess {

    private LambdaAccess() {
    }

    static <T> T withLambda(Targets targets, String targetName, Function<LambdaClient, T> work) {
        Target target = targets.resolve(targetName);
        TargetConnection connection = target.ifReachable().orElseThrow(() -> new DslabException(target instanceof LocalTarget
                ? LocalTarget.NOT_RUNNING : "the target " + target.name() + " is not reachable"));
        try (LambdaClient lambda = connection.lambda()) {
            return work.apply(lambda);
        } catch (SdkClientException unreachable) {
            throw new DslabException("the " + target.name() + " target did not answer: " + unreachable.getMessage());
        } catch (LambdaException refused) {
            throw new DslabException(refused.awsErrorDetails().errorCode() + ": " + refused.awsErrorDetails().errorMessage());
        }
    }
}
