package dev.dslab.local.cloudformation.protocol;

import dev.dslab.local.cloudformation.CloudFormationException;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The awsQuery wire format of CloudFormation, driven by the AWS SDK's own model metadata (each model
 * class lists its fields with their wire names and types), so requests are read and responses written
 * with exactly the names and shapes the SDK and the aws CLI expect, without a hand-kept list per action.
 * <p>
 * Requests: form fields, nested structures as {@code Parent.Child}, lists as {@code Name.member.N}.
 * Responses: {@code <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/></ActionResponse>}
 * in the 2010-05-15 namespace, lists as {@code <member>} elements, timestamps in ISO-8601.
 */
public final class QueryCodec {

    public static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private QueryCodec() {
    }

    /** Fills {@code builder} (a request builder of the SDK model) from the form fields. */
    @SuppressWarnings("unchecked")
    public static <T> T readRequest(Map<String, String> form, SdkBuilder<?, T> builder) {
        fill(form, "", (SdkPojo) builder);
        return builder.build();
    }

    private static void fill(Map<String, String> form, String prefix, SdkPojo builder) {
        for (SdkField<?> field : builder.sdkFields()) {
            Object value = readValue(form, prefix + field.locationName(), field);
            if (value != null) {
                field.set(builder, value);
            }
        }
    }

    private static Object readValue(Map<String, String> form, String key, SdkField<?> field) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            ListTrait list = field.getTrait(ListTrait.class);
            String memberPrefix = list.isFlattened() ? key + "." : key + "." + memberName(list) + ".";
            List<Object> values = new ArrayList<>();
            for (int index = 1; ; index++) {
                Object member = readValue(form, memberPrefix + index, list.memberFieldInfo());
                if (member == null) {
                    break;
                }
                values.add(member);
            }
            return values.isEmpty() && !form.containsKey(key) ? null : values;
        }
        if (type == MarshallingType.SDK_POJO) {
            String nested = key + ".";
            if (form.keySet().stream().noneMatch(name -> name.startsWith(nested))) {
                return null;
            }
            SdkPojo nestedBuilder = field.constructor().get();
            fill(form, nested, nestedBuilder);
            return ((SdkBuilder<?, ?>) nestedBuilder).build();
        }
        String raw = form.get(key);
        if (raw == null) {
            return null;
        }
        try {
            if (type == MarshallingType.STRING) {
                return raw;
            }
            if (type == MarshallingType.BOOLEAN) {
                return Boolean.parseBoolean(raw);
            }
            if (type == MarshallingType.INTEGER) {
                return Integer.valueOf(raw);
            }
            if (type == MarshallingType.LONG) {
                return Long.valueOf(raw);
            }
            if (type == MarshallingType.DOUBLE) {
                return Double.valueOf(raw);
            }
            if (type == MarshallingType.INSTANT) {
                return Instant.parse(raw);
            }
        } catch (RuntimeException e) {
            throw CloudFormationException.validation(
                    "1 validation error detected: Value '" + raw + "' at '" + key + "' failed to satisfy constraint: "
                            + "Member must be of type " + type);
        }
        throw CloudFormationException.validation("Parameter " + key + " of type " + type + " is not supported");
    }

    /** The whole response document of one action. */
    public static String writeResponse(String action, SdkPojo result, String requestId) {
        StringBuilder xml = new StringBuilder(512);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(NAMESPACE).append("\">");
        xml.append('<').append(action).append("Result>");
        writeFields(xml, result);
        xml.append("</").append(action).append("Result>");
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>");
        return xml.toString();
    }

    /** The error document: Type is Sender for client errors, as AWS answers. */
    public static String writeError(CloudFormationException error, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>"
                + "<Type>" + (error.httpStatus() < 500 ? "Sender" : "Receiver") + "</Type>"
                + "<Code>" + escape(error.code()) + "</Code>"
                + "<Message>" + escape(error.getMessage()) + "</Message>"
                + "</Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private static void writeFields(StringBuilder xml, SdkPojo pojo) {
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || isAutoConstructEmpty(value)) {
                continue;
            }
            xml.append('<').append(field.locationName()).append('>');
            writeValue(xml, field, value);
            xml.append("</").append(field.locationName()).append('>');
        }
    }

    private static boolean isAutoConstructEmpty(Object value) {
        return value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
                || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>;
    }

    private static void writeValue(StringBuilder xml, SdkField<?> field, Object value) {
        if (field.marshallingType() == MarshallingType.LIST) {
            ListTrait list = field.getTrait(ListTrait.class);
            for (Object member : (Collection<?>) value) {
                xml.append('<').append(memberName(list)).append('>');
                writeValue(xml, list.memberFieldInfo(), member);
                xml.append("</").append(memberName(list)).append('>');
            }
        } else if (value instanceof SdkPojo nested) {
            writeFields(xml, nested);
        } else if (value instanceof Instant instant) {
            // AWS answers with millisecond precision
            xml.append(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
        } else {
            xml.append(escape(String.valueOf(value)));
        }
    }

    /** The element name of list members: "member" unless the model names it otherwise. */
    private static String memberName(ListTrait list) {
        return list.memberLocationName() != null ? list.memberLocationName() : list.memberFieldInfo().locationName();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
