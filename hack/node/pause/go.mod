module aispm.dev/hack/pause

go 1.24
