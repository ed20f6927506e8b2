package dev.dslab.shell.local;

import dev.dslab.scenarios.engine.ModelControls;

import java.util.Map;

/** The local target's model controls as experiments use them: its admin endpoints, reached through the daemon client. */
public final class LocalModelControls implements ModelControls {

    private final LocalTarget target;

    public LocalModelControls(LocalTarget target) {
        this.target = target;
    }

    @Override
    public Map<String, Object> read(String control) {
        return target.control(control, null);
    }

    @Override
    public Map<String, Object> change(String control, Map<String, Object> settings) {
        return target.control(control, settings);
    }
}
