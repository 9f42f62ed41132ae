// ssewatch alert rules over what the Azure Monitor exporter sends to Application Insights:
// risk alerts arrive as customEvents named 'sse.alert' whose custom dimensions carry
// sse.alert.kind, sse.alert.severity, sse.alert.rule and sse.stream.id.
//
// Deploy:
//   az deployment group create --resource-group RG \
//     --template-file dashboards/azure-monitor/alerts.bicep \
//     --parameters appInsightsName=NAME actionGroupId=ACTION_GROUP_RESOURCE_ID

targetScope = 'resourceGroup'

@description('Name of the Application Insights resource (in this resource group) that ssewatch exports to.')
param appInsightsName string

@description('Resources the rules query. Empty: the Application Insights resource named above.')
param scopes array = []

@description('Location of the rules. Defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Resource ID of the action group to notify. Empty: the rules fire without notifying anyone.')
param actionGroupId string = ''

@description('Prefix of the rule names.')
param namePrefix string = 'ssewatch'

@description('Whether the rules are enabled.')
param enabled bool = true

@description('Severity of the buffering-risk rule (0 critical to 4 verbose).')
@minValue(0)
@maxValue(4)
param bufferingSeverity int = 2

@description('Severity of the idle-timeout-risk rule (0 critical to 4 verbose).')
@minValue(0)
@maxValue(4)
param idleTimeoutSeverity int = 1

@description('How often the rules run.')
@allowed([
  'PT1M'
  'PT5M'
  'PT10M'
  'PT15M'
  'PT30M'
  'PT1H'
])
param evaluationFrequency string = 'PT5M'

@description('How far back each run looks. Must be at least the evaluation frequency.')
@allowed([
  'PT5M'
  'PT10M'
  'PT15M'
  'PT30M'
  'PT1H'
  'PT6H'
  'PT1D'
])
param windowSize string = 'PT15M'

@description('The buffering rule fires when more buffering alerts than this arrive in the window.')
@minValue(0)
param bufferingThreshold int = 0

@description('The idle-timeout rule fires when more critical idle-timeout alerts than this arrive in the window.')
@minValue(0)
param idleTimeoutThreshold int = 0

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var ruleScopes = empty(scopes) ? [
  appInsights.id
] : scopes

var actions = empty(actionGroupId) ? {} : {
  actionGroups: [
    actionGroupId
  ]
  customProperties: {
    source: 'ssewatch'
  }
}

resource bufferingRisk 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-sse-buffering-risk'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: SSE buffering risk'
    description: 'ssewatch saw an intermediary or the server hold Server-Sent Events back instead of forwarding them as written (kind buffering). The customEvents named sse.alert carry the rule, the stream id and advice.'
    severity: bufferingSeverity
    enabled: enabled
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    scopes: ruleScopes
    targetResourceTypes: [
      'microsoft.insights/components'
    ]
    criteria: {
      allOf: [
        {
          query: '''
customEvents
| where name == 'sse.alert'
| extend alert_kind = tostring(customDimensions['sse.alert.kind']), severity = tostring(customDimensions['sse.alert.severity']), rule = tostring(customDimensions['sse.alert.rule']), stream_id = tostring(customDimensions['sse.stream.id'])
| where alert_kind == 'buffering'
| project timestamp, rule, severity, stream_id
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'rule'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: bufferingThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

resource idleTimeoutRisk 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-sse-idle-timeout-risk'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: '${namePrefix}: SSE idle-timeout risk'
    description: 'ssewatch saw streams fall silent close to an intermediary\'s idle budget (for example Azure Load Balancer\'s 4 minutes in front of API Management) or die after such a silence, at critical severity.'
    severity: idleTimeoutSeverity
    enabled: enabled
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    scopes: ruleScopes
    targetResourceTypes: [
      'microsoft.insights/components'
    ]
    criteria: {
      allOf: [
        {
          query: '''
customEvents
| where name == 'sse.alert'
| extend alert_kind = tostring(customDimensions['sse.alert.kind']), severity = tostring(customDimensions['sse.alert.severity']), rule = tostring(customDimensions['sse.alert.rule']), stream_id = tostring(customDimensions['sse.stream.id'])
| where alert_kind in ('idle_timeout_risk', 'likely_idle_kill')
| where severity == 'critical'
| project timestamp, alert_kind, rule, stream_id
'''
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'alert_kind'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: idleTimeoutThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: actions
  }
}

output bufferingRuleId string = bufferingRisk.id
output idleTimeoutRuleId string = idleTimeoutRisk.id
