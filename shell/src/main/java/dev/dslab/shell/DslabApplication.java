package dev.dslab.shell;

import dev.dslab.shell.console.CommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The dslab command line. With no arguments it opens the interactive shell; with arguments it runs them
 * as one command and exits with 0 (done), 1 (the command failed) or 2 (bad usage).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DslabApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(DslabApplication.class);
        // Spring Shell treats every program argument as command text: the mode follows from whether there is any.
        application.setDefaultProperties(java.util.Map.of("spring.shell.interactive.enabled", args.length == 0));
        int exitCode;
        try (var context = application.run(args)) {
            exitCode = context.getBean(CommandLine.class).lastExitCode();
        } catch (SpringApplication.AbandonedRunException buildTimeAotProcessing) {
            // the build's process-aot step stops the run once the bean definitions are known: not a failure
            throw buildTimeAotProcessing;
        } catch (RuntimeException startupFailure) {
            System.err.println("dslab could not start: " + rootMessage(startupFailure));
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
