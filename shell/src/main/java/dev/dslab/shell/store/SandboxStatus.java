package dev.dslab.shell.store;

/** What dslab last knew of a learner's sandbox on one target. */
public enum SandboxStatus {
    PROVISIONING, READY, FAILED, DELETING, DELETED
}
