package dev.dslab.scenarios.check;

import java.util.List;

/** Session-guarantee violations of a history, in the order of the operation that revealed each. */
public record SessionReport(List<SessionViolation> violations, int readsChecked) {

    public SessionReport {
        violations = List.copyOf(violations);
    }

    public boolean holds() {
        return violations.isEmpty();
    }

    public List<SessionViolation> violations(SessionViolation.Guarantee guarantee) {
        return violations.stream().filter(v -> v.guarantee() == guarantee).toList();
    }
}
