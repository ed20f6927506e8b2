package dev.dslab.shell.sandbox;

import dev.dslab.shell.console.DslabException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows a stack operation through its events, printing each resource's progress as it happens, until the
 * stack reaches a final status. CloudFormation is asynchronous on every target: the API returns at once.
 */
final class StackEvents {

    private static final Duration POLL = Duration.ofMillis(200);

    private final CloudFormationClient cloudFormation;
    private final PrintWriter progress;
    private final List<StackEvent> followed = new ArrayList<>();

    StackEvents(CloudFormationClient cloudFormation, PrintWriter progress) {
        this.cloudFormation = cloudFormation;
        this.progress = progress;
    }

    /** The stack as it is once no operation is running on it (an interrupted earlier run may have left one). */
    Optional<Stack> settle(String stackName) {
        Optional<Stack> stack = describe(stackName);
        if (stack.isPresent() && inProgress(stack.get())) {
            progress.println("  waiting for " + stackName + " to finish " + stack.get().stackStatusAsString());
            Stack settled = follow(stack.get().stackId(), Instant.now(), StackDeployer.STACK_TIMEOUT);
            return settled.stackStatusAsString().equals("DELETE_COMPLETE") ? Optional.empty() : Optional.of(settled);
        }
        return stack;
    }

    Stack follow(String stackNameOrId, Instant since, Duration timeout) {
        followed.clear();
        Set<String> seen = new HashSet<>();
        Instant deadline = Instant.now().plus(timeout);
        Instant start = Instant.now();
        while (true) {
            Stack stack = describe(stackNameOrId).orElseThrow(() ->
                    new DslabException("stack " + stackNameOrId + " disappeared while dslab was following it"));
            printNewEvents(stack.stackId(), since, seen, start);
            if (!inProgress(stack)) {
                return stack;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DslabException("stack " + stack.stackName() + " still " + stack.stackStatusAsString()
                        + " after " + timeout.toMinutes() + " minutes; dslab stopped waiting (the operation goes on)");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** The reason of the first resource that failed in the last followed operation. */
    Optional<String> firstFailure() {
        return followed.stream()
                .filter(event -> event.resourceStatusAsString().endsWith("_FAILED") && event.resourceStatusReason() != null)
                .filter(event -> !event.logicalResourceId().equals(event.stackName()))
                .map(event -> event.logicalResourceId() + ": " + event.resourceStatusReason())
                .findFirst();
    }

    private void printNewEvents(String stackId, Instant since, Set<String> seen, Instant start) {
        List<StackEvent> fresh = new ArrayList<>();
        for (StackEvent event : cloudFormation.describeStackEventsPaginator(d -> d.stackName(stackId)).stackEvents()) {
            if (event.timestamp().isBefore(since.minusSeconds(1))) {
                break; // newest first: everything further is older
            }
            if (seen.add(event.eventId())) {
                fresh.add(0, event);
            }
        }
        for (StackEvent event : fresh) {
            followed.add(event);
            double elapsed = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            String reason = event.resourceStatusReason() == null || !event.resourceStatusAsString().contains("FAILED")
                    ? "" : "  " + event.resourceStatusReason();
            progress.printf("  %5.1fs  %-28s %-27s %s%s%n", elapsed, event.resourceStatusAsString(),
                    event.resourceType(), event.logicalResourceId(), reason);
        }
        progress.flush();
    }

    Optional<Stack> describe(String stackNameOrId) {
        try {
            List<Stack> stacks = cloudFormation.describeStacks(d -> d.stackName(stackNameOrId)).stacks();
            return stacks.isEmpty() ? Optional.empty() : Optional.of(stacks.get(0));
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean inProgress(Stack stack) {
        return stack.stackStatusAsString().endsWith("_IN_PROGRESS");
    }
}
