package dev.dslab.cdk;

import java.util.regex.Pattern;

/** The learner names dslab accepts: they end up in physical resource names, so they must fit every service. */
public final class LearnerName {

    private static final Pattern ALLOWED = Pattern.compile("[a-z][a-z0-9-]{0,19}");

    private LearnerName() {
    }

    /** Returns the name unchanged or throws with one line that says what is allowed. */
    public static String require(String learner) {
        if (learner == null || !ALLOWED.matcher(learner).matches()) {
            throw new IllegalArgumentException("invalid learner name '" + learner
                    + "': use 1-20 characters, a lowercase letter first, then lowercase letters, digits or '-'");
        }
        return learner;
    }
}
