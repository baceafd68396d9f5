import { z } from "zod";
import { assetRef, authRef, url, URL_RULE } from "./common.js";

// Typed blocks of the data-side asset types: RAGSystem, VectorDatabase and DataSource.

export const ragSystem = z
  .object({
    embeddingModel: assetRef.describe("EmbeddingModel asset that embeds documents and queries; adds an embedsWith relation."),
    vectorDatabase: assetRef.describe("VectorDatabase asset that stores the vectors; adds a storesIn relation."),
    dataSources: z
      .array(assetRef.describe("DataSource asset indexed by the RAG system."))
      .max(64)
      .optional()
      .describe("DataSource assets indexed into the vector database, at most 64; each adds a retrievesFrom relation."),
    generator: assetRef.optional().describe("LLMEndpoint asset that answers over the retrieved context; adds a uses relation."),
    retrieval: z
      .object({
        topK: z.number().int().min(1).max(1000).default(5).describe("Number of chunks retrieved per query, 1-1000. Defaults to 5."),
        collection: z.string().max(256).optional().describe("Collection, index or table queried."),
      })
      .optional()
      .describe("How context is retrieved."),
  })
  .describe("A retrieval-augmented generation pipeline.");

export const vectorDatabase = z
  .object({
    engine: z
      .enum(["pgvector", "qdrant", "weaviate", "milvus", "pinecone", "chroma", "elasticsearch", "opensearch", "redis", "other"])
      .describe("Database engine: pgvector, qdrant, weaviate, milvus, pinecone, chroma, elasticsearch, opensearch, redis or other."),
    url: url.describe(
      `Connection URL, e.g. postgres://pgvector.knowledge.svc:5432/docs; never put credentials here, use auth. ${URL_RULE}`,
    ),
    auth: authRef.optional(),
    collections: z
      .array(z.string().min(1).max(253))
      .max(256)
      .optional()
      .describe("Collections, indexes or tables holding vectors, at most 256."),
    tenancy: z
      .enum(["single", "namespace", "collection", "row-level"])
      .default("single")
      .describe("How tenants' data is separated: single (one tenant), namespace, collection or row-level. Defaults to single."),
    encryptionAtRest: z.boolean().optional().describe("Whether stored vectors are encrypted at rest; unset means unknown."),
  })
  .describe("A database storing embeddings for similarity search.");

export const dataSource = z
  .object({
    kind: z
      .enum(["s3", "gcs", "azure-blob", "postgres", "mysql", "http", "confluence", "sharepoint", "git", "filesystem", "other"])
      .describe("Kind of store: s3, gcs, azure-blob, postgres, mysql, http, confluence, sharepoint, git, filesystem or other."),
    uri: url.describe(`Where the data lives, e.g. s3://corp-policies/published/. ${URL_RULE}`),
    classification: z
      .enum(["public", "internal", "confidential", "restricted"])
      .describe("Sensitivity of the data: public, internal, confidential or restricted."),
    containsPII: z.boolean().default(false).describe("Whether the data includes personal data. Defaults to false."),
  })
  .describe("A body of data used for training or retrieval.");
