package dev.dslab.local.cloudformation;

import com.sun.net.httpserver.HttpExchange;

import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.cloudformation.engine.StackEngine;
import dev.dslab.local.cloudformation.protocol.QueryCodec;
import dev.dslab.local.cloudformation.provider.ResourceProviders;
import dev.dslab.local.cloudformation.provider.TargetClients;
import dev.dslab.local.cloudformation.provider.TargetResourceProviders;
import dev.dslab.local.edge.AwsService;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListExportsResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateRequest;

/**
 * CloudFormation on the local target: the awsQuery protocol the AWS SDK for Java 2 and the aws CLI speak
 * (form-encoded Action=..., XML answers in the 2010-05-15 namespace), in front of the {@link StackEngine}.
 * Actions the engine does not implement answer with a clear error naming the ones it does.
 */
public final class CloudFormationService implements AwsService {

    private static final Logger LOG = Logger.getLogger(CloudFormationService.class.getName());
    private static final String SUPPORTED_ACTIONS = "CreateStack, UpdateStack, DeleteStack, DescribeStacks, "
            + "DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources, ListStacks, "
            + "GetTemplate, ValidateTemplate, ListExports";

    private final StackEngine engine;
    private final AutoCloseable clients;

    /** The service of a running target, with providers that create real resources through its edge. */
    public CloudFormationService(LocalTargetContext context) {
        this(new TargetClients(context), context);
    }

    private CloudFormationService(TargetClients clients, LocalTargetContext context) {
        this(new StackEngine(TargetResourceProviders.create(clients, context.region()), context.region(),
                context.accountId(), context.home().resolve("cloudformation").resolve("stacks")), clients);
        Thread warmUp = new Thread(() -> clients.warmUp(Duration.ofSeconds(60)), "cloudformation-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** A service deploying with the given providers (tests of the engine and protocol). */
    public CloudFormationService(ResourceProviders providers, String region, String accountId) {
        this(new StackEngine(providers, region, accountId), () -> { });
    }

    private CloudFormationService(StackEngine engine, AutoCloseable clients) {
        this.engine = engine;
        this.clients = clients;
    }

    @Override
    public String signingName() {
        return "cloudformation";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        int status;
        String body;
        try {
            Map<String, String> form = form(exchange);
            String action = form.get("Action");
            if (action == null) {
                throw new CloudFormationException("MissingAction", "Missing Action", 400);
            }
            body = QueryCodec.writeResponse(action, dispatch(action, form), requestId);
            status = 200;
        } catch (CloudFormationException e) {
            body = QueryCodec.writeError(e, requestId);
            status = e.httpStatus();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "CloudFormation request failed", e);
            body = QueryCodec.writeError(new CloudFormationException("InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.", 500),
                    requestId);
            status = 500;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private SdkPojo dispatch(String action, Map<String, String> form) {
        return switch (action) {
            case "CreateStack" -> CreateStackResponse.builder()
                    .stackId(engine.createStack(QueryCodec.readRequest(form, CreateStackRequest.builder()))).build();
            case "UpdateStack" -> UpdateStackResponse.builder()
                    .stackId(engine.updateStack(QueryCodec.readRequest(form, UpdateStackRequest.builder()))).build();
            case "DeleteStack" -> {
                engine.deleteStack(QueryCodec.readRequest(form, DeleteStackRequest.builder()));
                yield DeleteStackResponse.builder().build();
            }
            case "DescribeStacks" -> DescribeStacksResponse.builder().stacks(engine.describeStacks(
                    QueryCodec.readRequest(form, DescribeStacksRequest.builder()).stackName())).build();
            case "DescribeStackEvents" -> DescribeStackEventsResponse.builder().stackEvents(engine.describeStackEvents(
                    QueryCodec.readRequest(form, DescribeStackEventsRequest.builder()).stackName())).build();
            case "DescribeStackResources" -> {
                DescribeStackResourcesRequest request = QueryCodec.readRequest(form,
                        DescribeStackResourcesRequest.builder());
                if (request.stackName() == null) {
                    throw CloudFormationException.validation("Either StackName or PhysicalResourceId must be "
                            + "specified (the dslab local target looks stacks up by name only).");
                }
                yield DescribeStackResourcesResponse.builder().stackResources(engine.describeStackResources(
                        request.stackName(), request.logicalResourceId())).build();
            }
            case "DescribeStackResource" -> {
                DescribeStackResourceRequest request = QueryCodec.readRequest(form,
                        DescribeStackResourceRequest.builder());
                yield DescribeStackResourceResponse.builder().stackResourceDetail(engine.describeStackResource(
                        request.stackName(), request.logicalResourceId())).build();
            }
            case "ListStackResources" -> ListStackResourcesResponse.builder().stackResourceSummaries(
                    engine.listStackResources(QueryCodec.readRequest(form, ListStackResourcesRequest.builder())
                            .stackName())).build();
            case "ListStacks" -> ListStacksResponse.builder().stackSummaries(engine.listStacks(
                    QueryCodec.readRequest(form, ListStacksRequest.builder()).stackStatusFiltersAsStrings())).build();
            case "GetTemplate" -> {
                GetTemplateRequest request = QueryCodec.readRequest(form, GetTemplateRequest.builder());
                yield GetTemplateResponse.builder().templateBody(engine.getTemplate(request.stackName()))
                        .stagesAvailable(TemplateStage.ORIGINAL, TemplateStage.PROCESSED).build();
            }
            case "ValidateTemplate" -> {
                ValidateTemplateRequest request = QueryCodec.readRequest(form, ValidateTemplateRequest.builder());
                yield engine.validateTemplate(request.templateBody(), request.templateURL());
            }
            case "ListExports" -> ListExportsResponse.builder().exports(engine.listExports()).build();
            default -> throw new CloudFormationException("InvalidAction", "The action " + action
                    + " is not valid for this web service (the dslab local target implements " + SUPPORTED_ACTIONS
                    + ")", 400);
        };
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String body;
        try (var in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String source : new String[] {query, body}) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                form.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        engine.close();
        try {
            clients.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the CloudFormation providers' clients failed", e);
        }
    }
}
