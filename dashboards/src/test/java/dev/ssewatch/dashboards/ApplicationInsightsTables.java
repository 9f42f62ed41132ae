package dev.ssewatch.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Application Insights tables the dashboards query, in the classic (component) form the
 * workbook and the alert rules run against, with their documented columns and types. A query that
 * names anything else is an error to Kusto's analyser.
 */
final class ApplicationInsightsTables {

  private ApplicationInsightsTables() {}

  /** Columns every classic Application Insights table has. */
  private static final String[][] COMMON = {
    {"timestamp", "datetime"},
    {"customDimensions", "dynamic"},
    {"customMeasurements", "dynamic"},
    {"operation_Name", "string"},
    {"operation_Id", "string"},
    {"operation_ParentId", "string"},
    {"operation_SyntheticSource", "string"},
    {"session_Id", "string"},
    {"user_Id", "string"},
    {"user_AuthenticatedId", "string"},
    {"user_AccountId", "string"},
    {"application_Version", "string"},
    {"client_Type", "string"},
    {"client_Model", "string"},
    {"client_OS", "string"},
    {"client_IP", "string"},
    {"client_City", "string"},
    {"client_StateOrProvince", "string"},
    {"client_CountryOrRegion", "string"},
    {"client_Browser", "string"},
    {"cloud_RoleName", "string"},
    {"cloud_RoleInstance", "string"},
    {"appId", "string"},
    {"appName", "string"},
    {"iKey", "string"},
    {"sdkVersion", "string"},
    {"itemId", "string"},
    {"itemType", "string"},
    {"itemCount", "int"},
  };

  /** Table name to its columns as [name, Kusto type] pairs, common columns included. */
  static Map<String, List<String[]>> classic() {
    Map<String, List<String[]>> tables = new LinkedHashMap<>();
    tables.put(
        "requests",
        with(
            new String[][] {
              {"id", "string"},
              {"source", "string"},
              {"name", "string"},
              {"url", "string"},
              {"success", "string"},
              {"resultCode", "string"},
              {"duration", "real"},
              {"performanceBucket", "string"},
            }));
    tables.put(
        "dependencies",
        with(
            new String[][] {
              {"id", "string"},
              {"target", "string"},
              {"type", "string"},
              {"name", "string"},
              {"data", "string"},
              {"success", "string"},
              {"resultCode", "string"},
              {"duration", "real"},
              {"performanceBucket", "string"},
            }));
    tables.put("customEvents", with(new String[][] {{"name", "string"}}));
    tables.put(
        "customMetrics",
        with(
            new String[][] {
              {"name", "string"},
              {"value", "real"},
              {"valueCount", "int"},
              {"valueSum", "real"},
              {"valueMin", "real"},
              {"valueMax", "real"},
              {"valueStdDev", "real"},
            }));
    tables.put("traces", with(new String[][] {{"message", "string"}, {"severityLevel", "int"}}));
    return tables;
  }

  private static List<String[]> with(String[][] own) {
    List<String[]> columns = new ArrayList<>(List.of(COMMON));
    columns.addAll(List.of(own));
    return columns;
  }
}
