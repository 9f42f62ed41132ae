package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every workbook table of individual alerts leads from the alert to its stream (the stream id) and
 * to Application Insights' end-to-end transaction view of its request (the trace id, a link).
 */
class AlertTablesLinkTheirTraceTest {

  @Test
  void everyAlertTableShowsTheStreamTheTraceIdAndATransactionLink() {
    JsonNode wb = DashboardFiles.json(DashboardFiles.WORKBOOK);
    List<String> tables = new ArrayList<>();
    for (JsonNode item : wb.path("items")) {
      JsonNode c = item.path("content");
      String query = c.path("query").asText("");
      if (!"table".equals(c.path("visualization").asText())
          || !query.contains("name == 'sse.alert'")) {
        continue;
      }
      String title = c.path("title").asText();
      tables.add(title);
      String project = query.substring(query.lastIndexOf("| project "));
      assertThat(project).as(title).contains("stream_id", "trace_id", "transaction");
      assertThat(query).as(title).contains("trace_id = operation_Id").contains("DetailsV2Blade");
      JsonNode link = c.path("gridSettings").path("formatters").get(0);
      assertThat(link).as(title).isNotNull();
      assertThat(link.path("columnMatch").asText()).as(title).isEqualTo("transaction");
      assertThat(link.path("formatOptions").path("linkTarget").asText()).as(title).isEqualTo("Url");
    }
    assertThat(tables).as("alert tables found").hasSizeGreaterThanOrEqualTo(3);
  }
}
