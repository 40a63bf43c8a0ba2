CREATE TABLE "chain_asset_configs" (
	"config_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"chain" varchar(20) NOT NULL,
	"token_symbol" varchar(10) NOT NULL,
	"token_decimals" integer NOT NULL,
	"fireblocks_asset_id" varchar(50) NOT NULL,
	"fireblocks_vault_id" varchar(10) DEFAULT '0' NOT NULL,
	"address_type" varchar(20) DEFAULT 'EVM' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_asset_configs_site_id_chain_token_symbol_uniq" UNIQUE("site_id","chain","token_symbol")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"site_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(20) NOT NULL,
	"name" varchar(100) NOT NULL,
	"domain" varchar(255) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_code_key" UNIQUE("code"),
	CONSTRAINT "sites_domain_key" UNIQUE("domain")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auth0_sub" varchar(255),
	"email" varchar(254),
	"referral_code" varchar(20) NOT NULL,
	"referrer_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_auth0_sub_key" UNIQUE("auth0_sub"),
	CONSTRAINT "users_email_key" UNIQUE("email"),
	CONSTRAINT "users_referral_code_key" UNIQUE("referral_code")
);
--> statement-breakpoint
CREATE TABLE "wallets" (
	"wallet_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"address" varchar(42) NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "allocations" (
	"allocation_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"token_amount" numeric(18, 6) NOT NULL,
	"released_tokens" numeric(18, 6) DEFAULT '0' NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_order_id_key" UNIQUE("order_id"),
	CONSTRAINT "chk_allocation_status" CHECK (status IN ('active', 'completed'))
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"item_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"tier_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_usd" numeric(18, 6) NOT NULL,
	"token_amount" numeric(18, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"order_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"buyer_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"referrer_id" uuid,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"stripe_payment_intent_id" varchar(255),
	"idempotency_key" varchar(255),
	"list_price_usd" numeric(18, 6) NOT NULL,
	"discount_usd" numeric(18, 6) DEFAULT '0' NOT NULL,
	"final_price_usd" numeric(18, 6) NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"chain" varchar(20) DEFAULT 'ETH' NOT NULL,
	"disputed" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_stripe_payment_intent_id_key" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "orders_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "chk_order_status" CHECK (status IN ('pending', 'paid', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"tier_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"list_price_usd" numeric(18, 6) NOT NULL,
	"tokens_per_unit" numeric(18, 6) NOT NULL,
	"total_units" integer NOT NULL,
	"sold_units" integer DEFAULT 0 NOT NULL,
	"available_units" integer NOT NULL,
	"display_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"bonus_tokens_per_unit" numeric(18, 6) DEFAULT '0' NOT NULL,
	"promotional_price_usd" numeric(18, 6),
	"promotion_valid_from" timestamp with time zone,
	"promotion_valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vesting_policies" (
	"policy_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tge_percent" numeric(5, 2) NOT NULL,
	"cliff_months" integer DEFAULT 0 NOT NULL,
	"linear_periods" integer NOT NULL,
	"period_unit" varchar(10) DEFAULT 'month' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vesting_policies_site_id_name_uniq" UNIQUE("site_id","name")
);
--> statement-breakpoint
CREATE TABLE "vesting_releases" (
	"release_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"period_no" integer NOT NULL,
	"release_date" date NOT NULL,
	"amount" numeric(18, 6) NOT NULL,
	"status" varchar(20) DEFAULT 'locked' NOT NULL,
	"chain_amount" numeric(24, 6),
	"fireblocks_tx_id" varchar(100),
	"tx_hash" varchar(100),
	"unlocked_at" timestamp with time zone,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vesting_releases_schedule_id_period_no_uniq" UNIQUE("schedule_id","period_no")
);
--> statement-breakpoint
CREATE TABLE "vesting_schedules" (
	"schedule_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"allocation_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"total_tokens" numeric(18, 6) NOT NULL,
	"tge_tokens" numeric(18, 6) NOT NULL,
	"locked_tokens" numeric(18, 6) NOT NULL,
	"unlock_start_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vesting_schedules_order_id_key" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "notification_channel_tasks" (
	"task_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" varchar(20) NOT NULL,
	"target" varchar(255) NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chk_channel_tasks_channel" CHECK (channel IN ('in_app', 'email', 'slack', 'webhook')),
	CONSTRAINT "chk_channel_tasks_status" CHECK (status IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"preference_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" varchar(20) NOT NULL,
	"category" varchar(50) NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"quiet_hours_start" time,
	"quiet_hours_end" time,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_notification_preference" UNIQUE("site_id","user_id","channel","category")
);
--> statement-breakpoint
CREATE TABLE "notification_read_receipts" (
	"receipt_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_notification_read_receipt" UNIQUE("notification_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"template_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid,
	"parent_template_id" uuid,
	"name" varchar(100) NOT NULL,
	"category" varchar(50) NOT NULL,
	"subcategory" varchar(50) NOT NULL,
	"language" varchar(10) DEFAULT 'en' NOT NULL,
	"title_template" text NOT NULL,
	"body_template" text NOT NULL,
	"channels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"channel_configs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_notification_template_site_name" UNIQUE("site_id","name")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"notification_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"recipient_type" varchar(20) NOT NULL,
	"recipient_id" uuid,
	"category" varchar(50) NOT NULL,
	"subcategory" varchar(50) NOT NULL,
	"severity" varchar(20) NOT NULL,
	"source_type" varchar(50),
	"source_id" uuid,
	"title" varchar(255) NOT NULL,
	"body" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"action_url" varchar(500),
	"read_at" timestamp with time zone,
	"visible_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chk_notifications_recipient_type" CHECK (recipient_type IN ('user', 'agent', 'admin', 'site_broadcast')),
	CONSTRAINT "chk_notifications_severity" CHECK (severity IN ('info', 'warning', 'high', 'critical')),
	CONSTRAINT "chk_notifications_broadcast_recipient" CHECK (NOT (recipient_type = 'site_broadcast' AND recipient_id IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key_id" bigserial PRIMARY KEY NOT NULL,
	"key" varchar(200) NOT NULL,
	"source" varchar(50) NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb,
	CONSTRAINT "idempotency_keys_source_key_uniq" UNIQUE("source","key")
);
--> statement-breakpoint
ALTER TABLE "chain_asset_configs" ADD CONSTRAINT "chain_asset_configs_site_id_sites_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("site_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_referrer_id_users_user_id_fk" FOREIGN KEY ("referrer_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_order_id_orders_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_tier_id_tiers_tier_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("tier_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_id_users_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_site_id_sites_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("site_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_referrer_id_users_user_id_fk" FOREIGN KEY ("referrer_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_site_id_sites_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("site_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_policies" ADD CONSTRAINT "vesting_policies_site_id_sites_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("site_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_releases" ADD CONSTRAINT "vesting_releases_schedule_id_vesting_schedules_schedule_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."vesting_schedules"("schedule_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_schedules" ADD CONSTRAINT "vesting_schedules_site_id_sites_site_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("site_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_schedules" ADD CONSTRAINT "vesting_schedules_order_id_orders_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("order_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_schedules" ADD CONSTRAINT "vesting_schedules_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_schedules" ADD CONSTRAINT "vesting_schedules_allocation_id_allocations_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocations"("allocation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vesting_schedules" ADD CONSTRAINT "vesting_schedules_policy_id_vesting_policies_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."vesting_policies"("policy_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channel_tasks" ADD CONSTRAINT "notification_channel_tasks_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("notification_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_read_receipts" ADD CONSTRAINT "notification_read_receipts_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("notification_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chain_asset_site_id_dd455f_idx" ON "chain_asset_configs" USING btree ("site_id","is_active");--> statement-breakpoint
CREATE INDEX "sites_code_168f30_idx" ON "sites" USING btree ("code");--> statement-breakpoint
CREATE INDEX "sites_is_acti_8218b9_idx" ON "sites" USING btree ("is_active","created_at");--> statement-breakpoint
CREATE INDEX "sites_is_active_idx" ON "sites" USING btree ("is_active");--> statement-breakpoint
CREATE INDEX "users_referra_98b351_idx" ON "users" USING btree ("referral_code");--> statement-breakpoint
CREATE INDEX "users_email_4b85f2_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_auth0_s_17cff0_idx" ON "users" USING btree ("auth0_sub");--> statement-breakpoint
CREATE INDEX "users_is_acti_e3fac2_idx" ON "users" USING btree ("is_active","created_at");--> statement-breakpoint
CREATE INDEX "users_referrer_id_idx" ON "users" USING btree ("referrer_id");--> statement-breakpoint
CREATE INDEX "wallets_user_id_00a1b1_idx" ON "wallets" USING btree ("user_id","is_primary");--> statement-breakpoint
CREATE INDEX "wallets_created_dceae9_idx" ON "wallets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "allocations_order_i_8cfed5_idx" ON "allocations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "allocations_status_fe35d6_idx" ON "allocations" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "allocations_created_at_idx" ON "allocations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "order_items_order_i_26ad88_idx" ON "order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_items_tier_id_b835e2_idx" ON "order_items" USING btree ("tier_id");--> statement-breakpoint
CREATE INDEX "orders_buyer_i_b8ddd4_idx" ON "orders" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_site_id_0d854a_idx" ON "orders" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_referre_f20239_idx" ON "orders" USING btree ("referrer_id");--> statement-breakpoint
CREATE INDEX "orders_status_11db6c_idx" ON "orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "orders_dispute_d3a712_idx" ON "orders" USING btree ("disputed");--> statement-breakpoint
CREATE INDEX "orders_chain_idx" ON "orders" USING btree ("chain");--> statement-breakpoint
CREATE INDEX "tiers_site_id_dc0faa_idx" ON "tiers" USING btree ("site_id","display_order");--> statement-breakpoint
CREATE INDEX "tiers_site_id_530428_idx" ON "tiers" USING btree ("site_id","is_active");--> statement-breakpoint
CREATE INDEX "tiers_is_acti_ad4fea_idx" ON "tiers" USING btree ("is_active","created_at");--> statement-breakpoint
CREATE INDEX "vesting_rel_status_5d5327_idx" ON "vesting_releases" USING btree ("status","unlocked_at");--> statement-breakpoint
CREATE INDEX "vesting_rel_fireblo_9b5e62_idx" ON "vesting_releases" USING btree ("fireblocks_tx_id");--> statement-breakpoint
CREATE INDEX "vesting_rel_release_b09dd0_idx" ON "vesting_releases" USING btree ("release_date");--> statement-breakpoint
CREATE INDEX "vesting_sch_site_id_98f760_idx" ON "vesting_schedules" USING btree ("site_id","user_id");--> statement-breakpoint
CREATE INDEX "vesting_sch_unlock__3a54b3_idx" ON "vesting_schedules" USING btree ("unlock_start_date");--> statement-breakpoint
CREATE INDEX "vesting_schedules_user_id_idx" ON "vesting_schedules" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "vesting_schedules_allocation_id_idx" ON "vesting_schedules" USING btree ("allocation_id");--> statement-breakpoint
CREATE INDEX "vesting_schedules_policy_id_idx" ON "vesting_schedules" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "notificatio_notific_5f7218_idx" ON "notification_channel_tasks" USING btree ("notification_id");--> statement-breakpoint
CREATE INDEX "notificatio_status_c8de4f_idx" ON "notification_channel_tasks" USING btree ("status","next_retry_at");--> statement-breakpoint
CREATE INDEX "notificatio_channel_3cd94e_idx" ON "notification_channel_tasks" USING btree ("channel","status");--> statement-breakpoint
CREATE INDEX "notification_channel_tasks_next_retry_at_idx" ON "notification_channel_tasks" USING btree ("next_retry_at");--> statement-breakpoint
CREATE INDEX "notificatio_site_id_3a9e74_idx" ON "notification_preferences" USING btree ("site_id","user_id");--> statement-breakpoint
CREATE INDEX "notificatio_user_id_7dcb19_idx" ON "notification_preferences" USING btree ("user_id","channel");--> statement-breakpoint
CREATE INDEX "notificatio_notific_c1f872_idx" ON "notification_read_receipts" USING btree ("notification_id","user_id");--> statement-breakpoint
CREATE INDEX "notificatio_user_id_1e9ab3_idx" ON "notification_read_receipts" USING btree ("user_id","read_at");--> statement-breakpoint
CREATE INDEX "notificatio_site_id_64cad4_idx" ON "notification_templates" USING btree ("site_id","is_active");--> statement-breakpoint
CREATE INDEX "notificatio_categor_ac58fe_idx" ON "notification_templates" USING btree ("category","subcategory");--> statement-breakpoint
CREATE INDEX "notificatio_name_e9d3f2_idx" ON "notification_templates" USING btree ("name","language");--> statement-breakpoint
CREATE INDEX "notification_templates_is_active_idx" ON "notification_templates" USING btree ("is_active");--> statement-breakpoint
CREATE INDEX "notificatio_site_id_7a3c91_idx" ON "notifications" USING btree ("site_id","recipient_id","read_at");--> statement-breakpoint
CREATE INDEX "notificatio_site_id_b7d24e_idx" ON "notifications" USING btree ("site_id","visible_at");--> statement-breakpoint
CREATE INDEX "notificatio_source__6aa74a_idx" ON "notifications" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "notificatio_severit_f1c45b_idx" ON "notifications" USING btree ("severity","created_at");--> statement-breakpoint
CREATE INDEX "notificatio_recipie_e9c723_idx" ON "notifications" USING btree ("recipient_type","created_at");--> statement-breakpoint
CREATE INDEX "notifications_recipient_id_idx" ON "notifications" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "notifications_category_idx" ON "notifications" USING btree ("category");--> statement-breakpoint
CREATE INDEX "notifications_source_id_idx" ON "notifications" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "notifications_read_at_idx" ON "notifications" USING btree ("read_at");--> statement-breakpoint
CREATE INDEX "notifications_visible_at_idx" ON "notifications" USING btree ("visible_at");--> statement-breakpoint
CREATE INDEX "notifications_created_at_idx" ON "notifications" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idempotency_source_9a2bab_idx" ON "idempotency_keys" USING btree ("source","key");--> statement-breakpoint
CREATE INDEX "idempotency_process_90c0da_idx" ON "idempotency_keys" USING btree ("processed_at");