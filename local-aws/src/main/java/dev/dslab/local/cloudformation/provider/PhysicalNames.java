package dev.dslab.local.cloudformation.provider;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Names for resources whose template gives none, generated as CloudFormation does:
 * {@code stackName-LogicalId-RANDOM}, the stack name and logical id shortened to fit the service's
 * length limit and the whole lower-cased where the service wants lower case (S3).
 */
public final class PhysicalNames {

    /** A service's naming rule: its maximum length and whether names must be lower case. */
    public enum Style {
        DYNAMODB_TABLE(255, false), S3_BUCKET(63, true), KINESIS_STREAM(128, false),
        LAMBDA_FUNCTION(64, false), IAM_ROLE(64, false), IAM_POLICY(128, false);

        private final int maxLength;
        private final boolean lowerCase;

        Style(int maxLength, boolean lowerCase) {
            this.maxLength = maxLength;
            this.lowerCase = lowerCase;
        }
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int SUFFIX_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PhysicalNames() {
    }

    public static String generate(String stackName, String logicalId, Style style) {
        int budget = style.maxLength - SUFFIX_LENGTH - 2;
        String stack = stackName;
        String logical = logicalId;
        if (stack.length() + logical.length() > budget) {
            int stackShare = Math.max(1, budget * stack.length() / (stack.length() + logical.length()));
            stack = stack.substring(0, Math.min(stack.length(), stackShare));
            logical = logical.substring(0, Math.min(logical.length(), budget - stack.length()));
        }
        String name = stack + "-" + logical + "-" + randomSuffix();
        return style.lowerCase ? name.toLowerCase(Locale.ROOT) : name;
    }

    public static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
