{{- define "aispm.name" -}}{{ .Chart.Name }}{{- end -}}
{{- define "aispm.fullname" -}}{{ printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "aispm.serviceAccountName" -}}{{ default (include "aispm.fullname" .) .Values.serviceAccount.name }}{{- end -}}
{{- define "aispm.labels" -}}
app.kubernetes.io/name: {{ include "aispm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: aispm
{{- end -}}
{{- define "aispm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aispm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}
