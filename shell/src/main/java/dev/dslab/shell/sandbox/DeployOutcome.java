package dev.dslab.shell.sandbox;

import java.util.Map;

/** What deploying one stack did. */
public record DeployOutcome(String stack, Change change, String status, Map<String, String> outputs) {

    public enum Change { CREATED, UPDATED, NO_CHANGES }
}
