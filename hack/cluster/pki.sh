# Sourced by hack/controlplane.sh. Generates the cluster's CA and every certificate in $dir/pki:
# apiserver serving, admin client, node (kubelet client + serving), kube-proxy and the SA key.
# Needs: $dir, $NODE_NAME, $HOST_IP.

cert() { # cert NAME SUBJECT EXTFILE-CONTENT
  local name=$1 subj=$2 ext=$3
  printf '%s\n' "$ext" > "$name.ext"
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 365 -extfile "$name.ext" 2>/dev/null
}

gen_pki() {
  local pki="$dir/pki" client='extendedKeyUsage=clientAuth'
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 365 -subj "/CN=aispm-local-ca" 2>/dev/null
    # Serving cert valid for every name a client on this machine or in a pod uses.
    cert apiserver "/CN=kube-apiserver" "subjectAltName=IP:127.0.0.1,IP:$HOST_IP,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
    cert admin "/O=system:masters/CN=aispm-admin" "$client"
    # The Node authorizer and NodeRestriction admit the kubelet by this exact identity.
    cert node "/O=system:nodes/CN=system:node:$NODE_NAME" "$client"
    cert kubelet "/CN=$NODE_NAME" "subjectAltName=IP:$HOST_IP,IP:127.0.0.1,DNS:$NODE_NAME
extendedKeyUsage=serverAuth"
    # Bound by the built-in system:node-proxier ClusterRoleBinding.
    cert kube-proxy "/CN=system:kube-proxy" "$client"
    # The apiserver's own identity towards kubelets (logs, exec, port-forward).
    cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() { # write_kubeconfig FILE SERVER CERT-NAME
  local file=$1 server=$2 name=$3 pki="$dir/pki"
  cat > "$file" <<KC
apiVersion: v1
kind: Config
clusters:
- name: aispm-local
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 "$pki/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 "$pki/$name.crt")
    client-key-data: $(base64 -w0 "$pki/$name.key")
contexts:
- name: aispm-local
  context: {cluster: aispm-local, user: $name}
current-context: aispm-local
KC
}
