package dev.s2reactive.server.internal.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a
 * comment, a {@code # HELP}/{@code # TYPE} line or a well-formed sample of a declared family, or
 * parsing fails.
 */
final class PrometheusText {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_count", "_sum", "_bucket", "_created");

  final Map<String, String> types = new HashMap<>();
  final List<Sample> samples = new ArrayList<>();

  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      parsed.line(lines[i], i + 1);
    }
    if (parsed.samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    return parsed;
  }

  private void line(String line, int number) {
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith("#")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        if (types.put(type.group(1), type.group(2)) != null) {
          throw bad(number, "family typed twice", line);
        }
      } else if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
        throw bad(number, "bad HELP", line);
      }
      return;
    }
    Matcher m = SAMPLE.matcher(line);
    if (!m.matches()) {
      throw bad(number, "bad sample", line);
    }
    String name = m.group(1);
    boolean declared = SUFFIXES.stream().anyMatch(suffix -> name.endsWith(suffix)
        && types.containsKey(name.substring(0, name.length() - suffix.length())));
    if (!declared) {
      throw bad(number, "sample of an undeclared family", line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String body = m.group(3);
    if (body != null && !body.isEmpty()) {
      Matcher label = LABEL.matcher(body);
      int at = 0;
      while (at < body.length()) {
        if (!label.find(at) || label.start() != at) {
          throw bad(number, "bad labels", line);
        }
        labels.put(label.group(1), label.group(2));
        at = label.end();
      }
    }
    samples.add(new Sample(name, labels, value(m.group(4), number, line)));
  }

  private static double value(String text, int number, String line) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw bad(number, "bad value", line);
        }
    }
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  OptionalDouble value(String name, String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> found = samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
        .toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException("several samples match " + name + wanted + ": " + found);
    }
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
  }

  double require(String name, String... labels) {
    return value(name, labels).orElseThrow(() -> new AssertionError(
        "no sample " + name + " " + String.join(",", labels)));
  }

  private static IllegalArgumentException bad(int number, String what, String line) {
    return new IllegalArgumentException(what + " at line " + number + ": " + line);
  }
}
