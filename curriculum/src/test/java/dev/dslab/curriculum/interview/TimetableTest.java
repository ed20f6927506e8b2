package dev.dslab.curriculum.interview;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimetableTest {

    @Test
    void phasesKeepTheirShareOfTheChosenLengthAndAddUpToIt() {
        InterviewQuestion question = SampleInterview.question();   // 5 + 10 + 15 minutes
        assertThat(Timetable.of(question, 30).budgets()).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15));
        assertThat(Timetable.of(question, 60).budgets()).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30));
        Timetable odd = Timetable.of(question, 17);
        assertThat(odd.budgets()).containsExactly(Duration.ofSeconds(180), Duration.ofSeconds(330), Duration.ofSeconds(510));
        assertThat(odd.budgets().stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(17));
    }

    @Test
    void minutesOutsideFifteenToNinetyAreRefusedSayingWhatIsAllowed() {
        assertThatThrownBy(() -> Timetable.of(SampleInterview.question(), 14)).hasMessage("--minutes must be 15 to 90, not 14");
        assertThatThrownBy(() -> Timetable.of(SampleInterview.question(), 91)).hasMessage("--minutes must be 15 to 90, not 91");
        assertThat(Timetable.of(SampleInterview.question(), 15).total()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Timetable.of(SampleInterview.question(), 90).total()).isEqualTo(Duration.ofMinutes(90));
    }
}
