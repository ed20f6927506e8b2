package dev.dslab.curriculum.anki;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Questions as an Anki text import (the Anki manual, "Importing > Text Files > File Headers"): a UTF-8 file of
 * tab-separated notes of the Basic note type with headers naming the separator, HTML fields, the deck, and
 * which columns hold the note's GUID and tags. The GUID is {@code dslab-<question id>}, so importing a newer
 * export updates the learner's notes instead of duplicating them. The front is the question (with its lettered
 * options); the back the answer, the explanation, the sources as links and the interviewer's follow-up. Every
 * text is HTML-escaped and line breaks become {@code <br>}, so no field holds a tab, a newline or a quote that
 * the importer would read as structure.
 */
public final class AnkiExport {

    public static final String DECK = "dslab";

    private AnkiExport() {
    }

    /** @param topicSetOf the bank's topic set of a question, for its tags ("" for none) */
    public static String export(List<Question> questions, java.util.function.Function<Question, String> topicSetOf) {
        StringBuilder file = new StringBuilder();
        file.append("#separator:tab\n");
        file.append("#html:true\n");
        file.append("#notetype:Basic\n");
        file.append("#deck:").append(DECK).append('\n');
        file.append("#guid column:1\n");
        file.append("#tags column:4\n");
        for (Question question : questions) {
            file.append("dslab-").append(question.id()).append('\t')
                    .append(front(question)).append('\t')
                    .append(back(question)).append('\t')
                    .append(tags(question, topicSetOf.apply(question))).append('\n');
        }
        return file.toString();
    }

    static String front(Question question) {
        StringBuilder front = new StringBuilder(html(question.stem()));
        if (!question.options().isEmpty()) {
            front.append("<ol type=\"a\">");
            question.options().forEach(option -> front.append("<li>").append(html(option)).append("</li>"));
            front.append("</ol>");
        }
        if (question.key() instanceof AnswerKey.MultipleChoice) {
            front.append("<i>(every right option)</i>");
        } else if (question.key() instanceof AnswerKey.Ordering) {
            front.append("<i>(put them in order)</i>");
        }
        return front.toString();
    }

    static String back(Question question) {
        StringBuilder back = new StringBuilder("<b>").append(answer(question)).append("</b>");
        if (question.key() instanceof AnswerKey.Open open) {
            back.append("<br>Rubric:<ul>");
            open.rubric().forEach(point -> back.append("<li>").append(html(point)).append("</li>"));
            back.append("</ul>");
        }
        back.append("<br><br>").append(html(question.explanation()));
        back.append("<br><br>Sources:<ul>");
        for (Source source : question.sources()) {
            back.append("<li><a href=\"").append(html(source.url())).append("\">").append(html(source.title())).append("</a>")
                    .append(source.locator().isEmpty() ? "" : ", " + html(source.locator())).append("</li>");
        }
        back.append("</ul>An interviewer would ask next: ").append(html(question.followUp()));
        return back.toString();
    }

    private static String answer(Question question) {
        AnswerKey key = question.key();
        if (key instanceof AnswerKey.SingleChoice single) {
            return option(question, single.correct());
        }
        if (key instanceof AnswerKey.MultipleChoice multiple) {
            return multiple.correct().stream().sorted().map(index -> option(question, index)).collect(Collectors.joining("<br>"));
        }
        if (key instanceof AnswerKey.Ordering ordering) {
            return ordering.order().stream().map(index -> option(question, index)).collect(Collectors.joining("<br>"));
        }
        if (key instanceof AnswerKey.Numeric numeric) {
            String unit = numeric.unit().isEmpty() ? "" : (numeric.unit().equals("%") ? "%" : " " + numeric.unit());
            return html(number(numeric.value()) + unit + (numeric.tolerance() == 0 ? "" : " (+-" + number(numeric.tolerance()) + unit + ")"));
        }
        return html(((AnswerKey.Open) key).modelAnswer());
    }

    private static String option(Question question, int index) {
        return (char) ('a' + index) + ") " + html(question.options().get(index));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Anki tags are separated by spaces: the topic set as dslab::<set>, then the question's topics. */
    static String tags(Question question, String topicSet) {
        StringBuilder tags = new StringBuilder("dslab");
        if (!topicSet.isEmpty()) {
            tags.append(" dslab::").append(topicSet);
        }
        question.topics().forEach(topic -> tags.append(' ').append(topic.replaceAll("\\s+", "-")));
        return tags.toString();
    }

    /** HTML-escaped, with line breaks as {@code <br>} and tabs as spaces: one field on one line. */
    static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.strip().toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '\n' -> escaped.append("<br>");
                case '\r' -> { }
                case '\t' -> escaped.append(' ');
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
