package dev.dslab.cdk;

import software.amazon.awscdk.App;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CDK app of a learner's sandbox. {@link #main} is what {@code npx cdk synth} runs (see cdk.json); the
 * shell synthesizes the same app in-process through {@link SandboxSynthesizer}.
 */
public final class SandboxApp {

    /** Every stack a learner's sandbox holds, in deployment order. Labs append their definitions here. */
    public static final List<StackDefinition> STACKS = List.of(SandboxStack::new);

    /** CDK context key of the learner, e.g. {@code npx cdk synth -c learner=alice}. */
    public static final String LEARNER_CONTEXT = "learner";

    /**
     * Applied after the CLI's own context, so the CLI and the in-process synth write identical templates: no
     * per-resource path or asset metadata (the deployer needs neither) and no stack traces (they slow synth).
     */
    static final Map<String, Object> FIXED_CONTEXT = Map.of(
            "aws:cdk:enable-path-metadata", false,
            "aws:cdk:enable-asset-metadata", false,
            "aws:cdk:disable-stack-trace", true);

    private SandboxApp() {
    }

    /** Adds every definition's stack for the learner to {@code app}, tagged for the learner. */
    static void define(App app, SandboxContext context, List<StackDefinition> definitions) {
        for (StackDefinition definition : definitions) {
            context.tag(definition.define(app, context));
        }
    }

    static App newApp(Path outdir) {
        App.Builder builder = App.Builder.create()
                .analyticsReporting(false)
                .stackTraces(false)
                .treeMetadata(false)
                .postCliContext(FIXED_CONTEXT);
        if (outdir != null) {
            builder.outdir(outdir.toString()).autoSynth(false);
        }
        return builder.build();
    }

    /**
     * Run by the CDK CLI: the learner comes from {@code -c learner=NAME}, else $DSLAB_LEARNER, else "learner".
     * The Lambda jar is extracted under target/ of the working directory (the cdk-stacks folder).
     */
    public static void main(String[] args) {
        App app = newApp(null);
        Object fromContext = app.getNode().tryGetContext(LEARNER_CONTEXT);
        String fromEnvironment = System.getenv("DSLAB_LEARNER");
        String learner = fromContext != null ? fromContext.toString()
                : fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : "learner";
        try {
            SandboxContext context = new SandboxContext(learner, LambdaJar.extract(Path.of("target", "lambda-assets")));
            define(app, context, STACKS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        app.synth();
    }
}
