package dev.dslab.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A handler that does what a custom runtime may do: it posts its response to the Runtime API itself, then
 * goes on working for {@code workAfterAnswerMillis} before the runtime interface client asks for the next
 * event. It answers with the id of its execution environment. Runs inside an environment's JVM (the class
 * alone is the function's code: the runtime's own classpath has aws-lambda-java-core).
 */
public class AnswerThenWorkHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final String ENVIRONMENT = UUID.randomUUID().toString();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        long workMillis = ((Number) input.getOrDefault("workAfterAnswerMillis", 0)).longValue();
        Map<String, Object> answer = Map.of("environment", ENVIRONMENT);
        if (workMillis > 0) {
            URI response = URI.create("http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
                    + context.getAwsRequestId() + "/response");
            try {
                HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(response)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"environment\":\"" + ENVIRONMENT + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() != 202) {
                    throw new IllegalStateException("the Runtime API refused the response: " + posted.statusCode() + " " + posted.body());
                }
                Thread.sleep(workMillis);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer;
    }
}
