package dev.dslab.scenarios.engine;

/** Where a run reports how far it is; the shell draws it as a live line. */
public interface Progress {

    /** The run is in {@code phase}, {@code done} of {@code total} units (total 0 when unknown). */
    void update(String phase, long done, long total);

    /** A notable event worth its own line, e.g. "isolating the leader". */
    void note(String line);

    Progress NONE = new Progress() {
        @Override
        public void update(String phase, long done, long total) {
        }

        @Override
        public void note(String line) {
        }
    };
}
