package dev.dslab.shell.learner;

import dev.dslab.shell.console.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnerNameTest {

    @Test
    void theOptionWinsOverTheEnvironmentWhichWinsOverTheUserName() {
        assertThat(LearnerName.resolve("alice", "bob", "carol").value()).isEqualTo("alice");
        assertThat(LearnerName.resolve(null, "bob", "carol").value()).isEqualTo("bob");
        assertThat(LearnerName.resolve(null, null, "carol").value()).isEqualTo("carol");
    }

    @Test
    void theUserNameIsNormalisedIntoAValidName() {
        assertThat(LearnerName.normalise("John.Smith")).isEqualTo("john-smith");
        assertThat(LearnerName.normalise("1admin")).isEqualTo("l-1admin");
        assertThat(LearnerName.normalise("a-very-long-user-name-indeed")).isEqualTo("a-very-long-user-nam");
        assertThat(LearnerName.normalise("root_")).isEqualTo("root");
        assertThat(new LearnerName(LearnerName.normalise(""))).isNotNull();
    }

    @Test
    void invalidNamesAreRefusedWithTheRule() {
        for (String invalid : new String[] {"Alice", "9lives", "-x", "a_b", "abcdefghijklmnopqrstu", ""}) {
            assertThatThrownBy(() -> new LearnerName(invalid)).isInstanceOf(UsageException.class)
                    .hasMessageContaining("[a-z][a-z0-9-]{0,19}");
        }
        assertThat(new LearnerName("abcdefghijklmnopqrst").value()).hasSize(20);
    }
}
