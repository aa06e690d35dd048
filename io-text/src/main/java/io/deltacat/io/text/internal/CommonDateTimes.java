package io.deltacat.io.text.internal;

/**
 * The common timestamp shape of text files, parsed by hand (the fast path of
 * {@link TextValues#parseDateTime}).
 */
final class CommonDateTimes {
    private CommonDateTimes() {
    }

    /**
     * {@link TextValues#parseDateTime} for the shape every writer of ours (and most others) uses,
     * {@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z|+HH:MM|+HHMM|+HH]} with a four-digit year, parsed by
     * hand: the regular expression and two {@code java.time} parsers were most of a CSV read's time.
     * Null for anything else, or any field out of range, which the general path then decides (and
     * refuses with its own message).
     */
    static TextValues.Instant parse(String text, String zone) {
        int n = text.length();
        if (n < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int pos = 19;
        int nanos = 0;
        int fractionDigits = 0;
        if (pos < n && text.charAt(pos) == '.') {
            pos++;
            while (pos < n && fractionDigits < 10 && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                nanos = nanos * 10 + (text.charAt(pos) - '0');
                fractionDigits++;
                pos++;
            }
            if (fractionDigits == 0 || fractionDigits > 9) {
                return null;
            }
            for (int k = fractionDigits; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        boolean offset = pos < n;
        if (!offset) {
            if (zone != null && !zone.equals("UTC") && !zone.equals("Z") && !zone.equals("+00:00")) {
                return null; // a named zone's rules: the general path
            }
            offsetSeconds = 0;
        } else if (pos == n - 1 && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
            offsetSeconds = 0;
        } else {
            char sign = text.charAt(pos);
            int rest = n - pos - 1;
            if (sign != '+' && sign != '-' || rest != 2 && rest != 4 && rest != 5 || rest == 5 && text.charAt(pos + 3) != ':') {
                return null;
            }
            int oh = digits(text, pos + 1, 2);
            int om = rest == 2 ? 0 : digits(text, rest == 5 ? pos + 4 : pos + 3, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            if (Math.abs(offsetSeconds) > 18 * 3600) {
                return null;
            }
        }
        long seconds = java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return new TextValues.Instant(seconds, nanos, offset, fractionDigits);
    }

    /** The non-negative number of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
