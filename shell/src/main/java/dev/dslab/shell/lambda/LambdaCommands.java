package dev.dslab.shell.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.CtrlC;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.Targets;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The learner's Lambda functions: list them, invoke one (synchronously, printing its answer and log tail, or
 * asynchronously), read its log streams, and set its reserved concurrency. A function is named in full
 * ({@code dslab-ada-probe}), by ARN, or by its short name ({@code probe}), which means the learner's own.
 */
@Component
public class LambdaCommands {

    private static final String GROUP = "Lambda";
    private static final String LEARNER_HELP = "whose functions (default: $DSLAB_LEARNER, else your user name)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FOLLOW_POLL_MILLIS = 300;

    private final DslabProperties properties;
    private final Targets targets;

    public LambdaCommands(DslabProperties properties, Targets targets) {
        this.properties = properties;
        this.targets = targets;
    }

    @Command(name = {"lambda", "list"}, group = GROUP,
            description = "Your sandbox's Lambda functions: name, runtime, memory, timeout, reserved concurrency")
    public void list(CommandContext context,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption,
                     @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        String prefix = "dslab-" + learner + "-";
        LambdaAccess.withLambda(targets, targetName, lambda -> {
            List<FunctionConfiguration> mine = lambda.listFunctionsPaginator(r -> { }).functions().stream()
                    .filter(function -> function.functionName().startsWith(prefix)).toList();
            if (mine.isEmpty()) {
                out.println("No Lambda functions of " + learner + " yet; 'sandbox up" + learnerFlag(learnerOption) + "' provisions them.");
                return null;
            }
            Table table = new Table("NAME", "RUNTIME", "MEMORY", "TIMEOUT", "RESERVED");
            for (FunctionConfiguration function : mine) {
                Integer reserved = lambda.getFunctionConcurrency(r -> r.functionName(function.functionName())).reservedConcurrentExecutions();
                table.row(function.functionName(), function.runtimeAsString(), function.memorySize() + " MB", function.timeout() + " s",
                        reserved == null ? "-" : reserved);
            }
            out.print(table.render(""));
            out.println("'lambda invoke <name>' runs one; a short name like '" + mine.get(0).functionName().substring(prefix.length())
                    + "' means yours.");
            return null;
        });
    }

    @Command(name = {"lambda", "invoke"}, group = GROUP,
            description = "Invoke a function: prints its answer, its error if any, and the tail of its log (--async: queue it)")
    public void invoke(CommandContext context,
                       @Argument(index = 0, description = "the function: a short name like 'probe', a full name or an ARN") String name,
                       @Option(longName = "payload", description = "the event, a JSON document (default {})") String payload,
                       @Option(longName = "async", description = "invoke asynchronously (InvocationType Event): queued, retried on error") Boolean async,
                       @Option(longName = "learner", description = LEARNER_HELP) String learnerOption,
                       @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        String function = functionName(name, learner(learnerOption));
        String event = payload == null ? "{}" : payload;
        try {
            JSON.readTree(event);
        } catch (JsonProcessingException notJson) {
            throw new UsageException("--payload must be a JSON document, e.g. '{\"action\":\"echo\"}'; "
                    + notJson.getOriginalMessage().lines().findFirst().orElse("it is not JSON"));
        }
        boolean queued = Boolean.TRUE.equals(async);
        LambdaAccess.withLambda(targets, targetName, lambda -> {
            InvokeResponse response = called(function, learnerOption, () -> lambda.invoke(r -> r.functionName(function)
                    .invocationType(queued ? InvocationType.EVENT : InvocationType.REQUEST_RESPONSE)
                    .logType(queued ? LogType.NONE : LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String(event))));
            String requestId = response.responseMetadata().requestId();
            if (queued) {
                out.println("Queued " + function + " (HTTP " + response.statusCode() + "), request id " + requestId
                        + ". Lambda retries a failed event twice; 'lambda logs " + name + "' shows its runs.");
                return null;
            }
            out.println("Response (request id " + requestId + "):");
            out.println("  " + response.payload().asUtf8String());
            if (response.functionError() != null) {
                out.println("Function error: " + response.functionError() + errorType(response));
            }
            if (response.logResult() != null) {
                out.println("Log tail:");
                String tail = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
                tail.lines().forEach(line -> out.println("  " + line));
            }
            out.flush();
            return null;
        });
    }

    @Command(name = {"lambda", "logs"}, group = GROUP,
            description = "A function's log streams on the local target, one per execution environment (--follow: until Ctrl-C)")
    public void logs(CommandContext context,
                     @Argument(index = 0, description = "the function: a short name like 'probe', a full name or an ARN") String name,
                     @Option(longName = "follow", description = "keep printing new lines until Ctrl-C") Boolean follow,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption,
                     @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        String function = functionName(name, learner(learnerOption));
        Target target = targets.resolve(targetName);
        if (!(target instanceof LocalTarget local)) {
            throw new DslabException("'lambda logs' reads the local target's log streams; on " + target.name()
                    + " they are in CloudWatch Logs, group /aws/lambda/" + function);
        }
        LambdaAccess.withLambda(targets, targetName, lambda -> called(function, learnerOption, () -> lambda.getFunctionConfiguration(r -> r.functionName(function))));
        Path streams = local.home().resolve("lambda").resolve("logs").resolve(function);
        Map<Path, Long> printed = new HashMap<>();
        Path[] lastStream = new Path[1];
        boolean any = printNew(out, streams, printed, lastStream);
        if (!Boolean.TRUE.equals(follow)) {
            if (!any) {
                out.println("No log streams of " + function + " yet: it has not run since the local target started.");
            }
            return;
        }
        out.println("(following " + function + "'s log streams; Ctrl-C stops)");
        out.flush();
        try (CtrlC ignored = CtrlC.interruptsCurrentThread()) {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(FOLLOW_POLL_MILLIS);
                printNew(out, streams, printed, lastStream);
            }
        } catch (InterruptedException stopped) {
            // Ctrl-C: following ends, the command succeeds
        } finally {
            Thread.interrupted();
        }
    }

    @Command(name = {"lambda", "concurrency"}, group = GROUP,
            description = "Show a function's reserved concurrency, set it (N, 0 stops it) or clear it (--clear)")
    public void concurrency(CommandContext context,
                            @Argument(index = 0, description = "the function: a short name like 'probe', a full name or an ARN") String name,
                            @Argument(index = 1, description = "the reserved concurrency to set, 0 or more") String typed,
                            @Option(longName = "clear", description = "remove the reservation: the function shares the unreserved pool") Boolean clear,
                            @Option(longName = "learner", description = LEARNER_HELP) String learnerOption,
                            @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        String function = functionName(name, learner(learnerOption));
        boolean clearing = Boolean.TRUE.equals(clear);
        // Spring Shell hands an absent positional argument over as "" when an option follows
        String value = typed == null || typed.isBlank() ? null : typed.strip();
        if (clearing && value != null) {
            throw new UsageException("either a number or --clear, not both");
        }
        Integer executions = null;
        if (value != null) {
            try {
                executions = Integer.parseInt(value);
            } catch (NumberFormatException notNumber) {
                executions = -1;
            }
            if (executions < 0) {
                throw new UsageException("the reserved concurrency is a whole number, 0 or more; got '" + value + "'");
            }
        }
        Integer wanted = executions;
        LambdaAccess.withLambda(targets, targetName, lambda -> {
            if (clearing) {
                called(function, learnerOption, () -> lambda.deleteFunctionConcurrency(r -> r.functionName(function)));
            } else if (wanted != null) {
                called(function, learnerOption, () -> lambda.putFunctionConcurrency(r -> r.functionName(function).reservedConcurrentExecutions(wanted)));
            }
            Integer reserved = called(function, learnerOption,
                    () -> lambda.getFunctionConcurrency(r -> r.functionName(function))).reservedConcurrentExecutions();
            var account = lambda.getAccountSettings(r -> { }).accountLimit();
            String verb = clearing || wanted != null ? " now" : "";
            out.println(function + verb + ": " + (reserved == null ? "no reserved concurrency (it shares the unreserved pool)"
                    : reserved == 0 ? "reserved concurrency 0 (every invoke is throttled)" : "reserved concurrency " + reserved)
                    + "; account limit " + account.concurrentExecutions() + ", unreserved " + account.unreservedConcurrentExecutions() + ".");
            return null;
        });
    }

    /** The function's full name: a short name means the learner's own ({@code probe} is {@code dslab-ada-probe}). */
    static String functionName(String given, LearnerName learner) {
        if (given == null || given.isBlank()) {
            throw new UsageException("which function? e.g. 'probe' (yours) or a full name; 'lambda list' shows them");
        }
        if (given.startsWith("arn:") || given.startsWith("dslab-")) {
            return given;
        }
        if (!given.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new UsageException("'" + given + "' is not a function name (letters, digits, '-' and '_')");
        }
        return "dslab-" + learner + "-" + given;
    }

    /** Prints what the function's stream files gained since the last call, a header line before each stream's part. */
    private static boolean printNew(PrintWriter out, Path directory, Map<Path, Long> printed, Path[] lastStream) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        List<Path> streams;
        try (Stream<Path> files = Files.walk(directory)) {
            streams = new ArrayList<>(files.filter(Files::isRegularFile).toList());
        } catch (IOException | UncheckedIOException vanished) {
            return false;
        }
        streams.sort(Comparator.comparing(LambdaCommands::modified));
        boolean any = false;
        for (Path stream : streams) {
            long from = printed.getOrDefault(stream, 0L);
            String text = readFrom(stream, from);
            if (text.isEmpty()) {
                continue;
            }
            int end = text.lastIndexOf('\n') + 1;
            if (end == 0) {
                continue;
            }
            if (!stream.equals(lastStream[0])) {
                out.println("== " + directory.relativize(stream).toString().replace('\\', '/'));
                lastStream[0] = stream;
            }
            out.print(text.substring(0, end));
            printed.put(stream, from + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
            any = true;
        }
        out.flush();
        return any;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return Long.MAX_VALUE;
        }
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length() - offset;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, 16 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    private static String errorType(InvokeResponse response) {
        try {
            String type = JSON.readTree(response.payload().asByteArray()).path("errorType").asText("");
            return type.isEmpty() ? "" : " (" + type + ")";
        } catch (IOException notJson) {
            return "";
        }
    }

    /** Runs a call on the function and turns Lambda's refusals into one line each. */
    private <T> T called(String function, String learnerOption, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException missing) {
            throw new DslabException("no function " + function + " on the target; 'lambda list" + learnerFlag(learnerOption) + "' shows yours");
        } catch (TooManyRequestsException throttled) {
            throw new DslabException(function + " throttled: TooManyRequestsException (" + throttled.reasonAsString() + "): "
                    + throttled.awsErrorDetails().errorMessage());
        } catch (LambdaException refused) {
            throw new DslabException(refused.awsErrorDetails().errorCode() + ": " + refused.awsErrorDetails().errorMessage());
        }
    }

    private LearnerName learner(String option) {
        return LearnerName.resolve(option, properties.learner(), System.getProperty("user.name"));
    }

    private static String learnerFlag(String learnerOption) {
        return learnerOption == null || learnerOption.isBlank() ? "" : " --learner " + learnerOption;
    }
}
