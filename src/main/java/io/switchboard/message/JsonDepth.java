package io.switchboard.message;

/**
 * Refuses JSON nested deeper than a limit before any parser builds it: a small body of {@code [[[[...} would
 * otherwise cost a recursive parser (and the validator walking the result) stack and time out of proportion to its
 * size. A scan of the raw text, skipping strings; it does not validate the JSON, the parser still does.
 */
public final class JsonDepth {

    public static final String ERROR = "nesting_too_deep";

    private JsonDepth() {
    }

    /** @throws InvalidInputException 400 {@value #ERROR} when arrays and objects nest deeper than {@code max} */
    public static void check(CharSequence json, int max) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > max) {
                    throw new InvalidInputException(InvalidInputException.BAD_REQUEST, ERROR, null,
                            "the JSON nests arrays and objects deeper than " + max + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }
}
