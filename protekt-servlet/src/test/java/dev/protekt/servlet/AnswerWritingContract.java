package dev.protekt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.testing.LocalTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the filter writes its answer, which each container handles its own way: a test class on a
 * container serves {@code /writer/write} with a {@link WriterFirstServlet} and {@code
 * /interrupted/profile} with a handler that interrupts its thread and then calls {@link
 * ContextHandlers#profile()}, behind {@link #interrupts()} and the Protekt filter.
 */
interface AnswerWritingContract {
  /** Where the container listens, such as {@code http://127.0.0.1:8080}. */
  String containerBase();

  /** The tenant whose tokens the service accepts. */
  LocalTenant containerTenant();

  /** The probe in front of {@code /interrupted/*}. */
  InterruptProbe interrupts();

  @Test
  default void anAnswerAfterTheHandlerTookTheWriterIsCompleteWhateverTheWritersCharset()
      throws Exception {
    String user = containerTenant().token().subject("protekt|alice").sign();
    HttpRequest request = HttpRequest.newBuilder(URI.create(containerBase() + "/writer/write"))
        .header("Authorization", "Bearer " + user)
        .timeout(Duration.ofSeconds(10))
        .build();

    // Bytes, not a string: the body must be whole and readable whatever charset it was written in.
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(403, r.statusCode());
    String body = new String(r.body(), StandardCharsets.US_ASCII);
    assertTrue(body.chars().allMatch(c -> c < 0x80), body);
    Map<?, ?> json = new ObjectMapper().readValue(r.body(), Map.class);
    assertEquals("insufficient_scope", json.get("error"), body);
    assertTrue(String.valueOf(json.get("error_description")).contains("\u00e9crire:\u8a18\u4e8b"),
        body);
  }

  @Test
  default void anInterruptedHandlerIsAnsweredAndKeepsItsInterrupt() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(containerBase() + "/interrupted/profile"))
            .timeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertEquals(401, r.statusCode(), r.body());
    assertEquals("unauthorized", new ObjectMapper().readValue(r.body(), Map.class).get("error"));
    assertEquals(List.of(), interrupts().problems());
  }
}
