package dev.s2reactive.cli;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations as the official CLI takes them ({@code 500ms}, {@code 30s}, {@code 1h30m},
 * {@code 7d}, {@code 2w}, {@code 1y}): one or more number–unit pairs, optionally separated by
 * spaces. A month is 30.44 days and a year 365.25 days.
 */
final class Durations {

  private static final Pattern PART = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Zµ]+)\\s*");
  private static final long DAY_SECONDS = 86_400;
  private static final Map<String, Duration> UNITS =
      Map.ofEntries(
          Map.entry("ns", Duration.ofNanos(1)),
          Map.entry("nsec", Duration.ofNanos(1)),
          Map.entry("us", Duration.ofNanos(1_000)),
          Map.entry("µs", Duration.ofNanos(1_000)),
          Map.entry("usec", Duration.ofNanos(1_000)),
          Map.entry("ms", Duration.ofMillis(1)),
          Map.entry("msec", Duration.ofMillis(1)),
          Map.entry("millis", Duration.ofMillis(1)),
          Map.entry("s", Duration.ofSeconds(1)),
          Map.entry("sec", Duration.ofSeconds(1)),
          Map.entry("secs", Duration.ofSeconds(1)),
          Map.entry("second", Duration.ofSeconds(1)),
          Map.entry("seconds", Duration.ofSeconds(1)),
          Map.entry("m", Duration.ofMinutes(1)),
          Map.entry("min", Duration.ofMinutes(1)),
          Map.entry("mins", Duration.ofMinutes(1)),
          Map.entry("minute", Duration.ofMinutes(1)),
          Map.entry("minutes", Duration.ofMinutes(1)),
          Map.entry("h", Duration.ofHours(1)),
          Map.entry("hr", Duration.ofHours(1)),
          Map.entry("hrs", Duration.ofHours(1)),
          Map.entry("hour", Duration.ofHours(1)),
          Map.entry("hours", Duration.ofHours(1)),
          Map.entry("d", Duration.ofDays(1)),
          Map.entry("day", Duration.ofDays(1)),
          Map.entry("days", Duration.ofDays(1)),
          Map.entry("w", Duration.ofDays(7)),
          Map.entry("week", Duration.ofDays(7)),
          Map.entry("weeks", Duration.ofDays(7)),
          Map.entry("M", Duration.ofSeconds(DAY_SECONDS * 3044 / 100)),
          Map.entry("month", Duration.ofSeconds(DAY_SECONDS * 3044 / 100)),
          Map.entry("months", Duration.ofSeconds(DAY_SECONDS * 3044 / 100)),
          Map.entry("y", Duration.ofSeconds(DAY_SECONDS * 36525 / 100)),
          Map.entry("year", Duration.ofSeconds(DAY_SECONDS * 36525 / 100)),
          Map.entry("years", Duration.ofSeconds(DAY_SECONDS * 36525 / 100)));

  private Durations() {}

  /**
   * @throws IllegalArgumentException if the text is not a sequence of number–unit pairs
   */
  static Duration parse(String text) {
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (end < text.length() && m.find(end) && m.start() == end) {
      Duration unit = UNITS.get(m.group(2));
      if (unit == null) {
        throw new IllegalArgumentException(
            "unknown time unit '" + m.group(2) + "' in '" + text + "' (use ms, s, m, h, d, w, y)");
      }
      try {
        total = total.plus(unit.multipliedBy(Long.parseLong(m.group(1))));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration too large: '" + text + "'");
      }
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "' (expected e.g. 500ms, 30s, 1h30m, 7d)");
    }
    return total;
  }

  static final class Converter extends ParsingConverter<Duration> {
    Converter() {
      super(Durations::parse);
    }
  }
}
