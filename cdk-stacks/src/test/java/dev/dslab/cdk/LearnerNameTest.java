package dev.dslab.cdk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnerNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "bob-2", "abcdefghij-klmnopqrs"})
    void acceptsLowercaseNamesUpToTwentyCharacters(String learner) {
        assertThat(LearnerName.require(learner)).isEqualTo(learner);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Alice", "1alice", "-alice", "al_ice", "al.ice", "abcdefghij-klmnopqrst"})
    void rejectsAnythingElseWithOneLine(String learner) {
        assertThatThrownBy(() -> LearnerName.require(learner))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid learner name '" + learner + "'")
                .hasMessageNotContaining("\n");
    }
}
