package io.deltacat.cli;

import io.deltacat.api.expr.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter syntax of {@code deltacat read --filter}, a small SQL-like expression:
 *
 * <pre>
 * expr      := or
 * or        := and ( OR and )*
 * and       := unary ( AND unary )*
 * unary     := NOT unary | '(' expr ')' | COLUMN condition
 * condition := op literal                       op: = == != &lt;&gt; &lt; &lt;= &gt; &gt;=
 *            | IS [NOT] NULL
 *            | [NOT] IN '(' literal (',' literal)* ')'
 *            | [NOT] BETWEEN literal AND literal
 *            | [NOT] LIKE 'pattern'             % any run of characters, _ one character
 * literal   := 'text' (a quote doubled inside: 'it''s') | integer | decimal | TRUE | FALSE
 * COLUMN    := a name of letters, digits and _ (not starting with a digit) | "any name"
 * </pre>
 *
 * <p>Keywords are case-insensitive. Dates and timestamps are written as text, e.g.
 * {@code day >= '2024-01-01'} or {@code ts < '2024-01-01T12:00:00Z'}; the server converts them to the
 * column's type. Example: {@code age > 4 and (name like 'F%' or name is null)}. A mistake is a
 * {@link CliUsageException} giving the position.
 */
final class FilterParser {
    private final String text;
    private final List<Token> tokens;
    private int pos;

    private record Token(Kind kind, String text, int offset) {
    }

    private enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, OP, LPAREN, RPAREN, COMMA, END }

    private FilterParser(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    /** Parses a filter expression. */
    static Predicate parse(String text) {
        FilterParser p = new FilterParser(text);
        Predicate result = p.or();
        if (p.peek().kind != Kind.END) {
            throw p.error("unexpected '" + p.peek().text + "'");
        }
        return result;
    }

    private Predicate or() {
        List<Predicate> parts = new ArrayList<>(List.of(and()));
        while (keyword("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : Predicate.or(parts.toArray(Predicate[]::new));
    }

    private Predicate and() {
        List<Predicate> parts = new ArrayList<>(List.of(unary()));
        while (keyword("and")) {
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : Predicate.and(parts.toArray(Predicate[]::new));
    }

    private Predicate unary() {
        if (keyword("not")) {
            return Predicate.not(unary());
        }
        Token t = next();
        if (t.kind == Kind.LPAREN) {
            Predicate inner = or();
            expect(Kind.RPAREN, "')'");
            return inner;
        }
        if (t.kind != Kind.WORD && t.kind != Kind.QUOTED_NAME) {
            throw error(t, "expected a column name, got '" + t.text + "'");
        }
        return condition(t.text);
    }

    private Predicate condition(String column) {
        Token t = peek();
        if (t.kind == Kind.OP) {
            pos++;
            Object value = literal();
            switch (t.text) {
                case "=": case "==": return Predicate.eq(column, value);
                case "!=": case "<>": return Predicate.ne(column, value);
                case "<": return Predicate.lt(column, value);
                case "<=": return Predicate.le(column, value);
                case ">": return Predicate.gt(column, value);
                default: return Predicate.ge(column, value);
            }
        }
        if (keyword("is")) {
            boolean not = keyword("not");
            if (!keyword("null")) {
                throw error("expected NULL after IS" + (not ? " NOT" : ""));
            }
            return not ? Predicate.isNotNull(column) : Predicate.isNull(column);
        }
        boolean not = keyword("not");
        Predicate p;
        if (keyword("in")) {
            expect(Kind.LPAREN, "'(' after IN");
            List<Object> values = new ArrayList<>(List.of(literal()));
            while (peek().kind == Kind.COMMA) {
                pos++;
                values.add(literal());
            }
            expect(Kind.RPAREN, "')' closing IN");
            p = Predicate.in(column, values);
        } else if (keyword("between")) {
            Object low = literal();
            if (!keyword("and")) {
                throw error("expected AND in BETWEEN");
            }
            p = Predicate.between(column, low, literal());
        } else if (keyword("like")) {
            Token pattern = next();
            if (pattern.kind != Kind.STRING) {
                throw error(pattern, "LIKE takes a quoted pattern, got '" + pattern.text + "'");
            }
            p = Predicate.like(column, pattern.text);
        } else {
            throw error("expected a comparison (= != < <= > >=), IS, IN, BETWEEN or LIKE after '" + column + "'");
        }
        return not ? Predicate.not(p) : p;
    }

    private Object literal() {
        Token t = next();
        switch (t.kind) {
            case STRING:
                return t.text;
            case NUMBER:
                if (t.text.contains(".") || t.text.contains("e") || t.text.contains("E")) {
                    return Double.parseDouble(t.text);
                }
                try {
                    return Long.parseLong(t.text);
                } catch (NumberFormatException e) {
                    throw error(t, "integer out of range: " + t.text);
                }
            case WORD:
                String w = t.text.toLowerCase(Locale.ROOT);
                if (w.equals("true") || w.equals("false")) {
                    return Boolean.parseBoolean(w);
                }
                if (w.equals("null")) {
                    throw error(t, "compare with null using IS NULL or IS NOT NULL");
                }
                throw error(t, "expected a value, got '" + t.text + "' (quote text: '" + t.text + "')");
            default:
                throw error(t, "expected a value, got '" + (t.kind == Kind.END ? "end of filter" : t.text) + "'");
        }
    }

    private boolean keyword(String word) {
        Token t = peek();
        if (t.kind == Kind.WORD && t.text.equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind != kind) {
            throw error(t, "expected " + what + ", got '" + (t.kind == Kind.END ? "end of filter" : t.text) + "'");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private CliUsageException error(String message) {
        return error(peek(), message);
    }

    private CliUsageException error(Token at, String message) {
        return new CliUsageException("--filter: " + message + " at position " + (at.offset + 1) + " of '" + text + "'");
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '\'' || c == '"') {
                int start = i++;
                StringBuilder b = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new CliUsageException("--filter: unclosed " + c + " starting at position " + (start + 1)
                                + " of '" + s + "'");
                    }
                    char d = s.charAt(i++);
                    if (d == c) {
                        if (i < s.length() && s.charAt(i) == c) {
                            b.append(c);
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(d);
                    }
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_NAME, b.toString(), start));
            } else if ("=!<>".indexOf(c) >= 0) {
                int start = i;
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                String op = List.of("==", "!=", "<>", "<=", ">=").contains(two) ? two : String.valueOf(c);
                if (op.equals("!")) {
                    throw new CliUsageException("--filter: '!' alone is not an operator (use != or NOT) at position "
                            + (start + 1) + " of '" + s + "'");
                }
                i += op.length();
                out.add(new Token(Kind.OP, op, start));
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.length()
                    && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'
                        || s.charAt(i) == 'e' || s.charAt(i) == 'E'
                        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                    i++;
                }
                String num = s.substring(start, i);
                try {
                    Double.parseDouble(num);
                } catch (NumberFormatException e) {
                    throw new CliUsageException("--filter: bad number '" + num + "' at position " + (start + 1)
                            + " of '" + s + "'");
                }
                out.add(new Token(Kind.NUMBER, num, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            } else {
                throw new CliUsageException("--filter: unexpected character '" + c + "' at position " + (i + 1)
                        + " of '" + s + "'");
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
