using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "analytics_job_runs",
                columns: table => new
                {
                    job = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    last_day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_job_runs", x => x.job);
                });

            migrationBuilder.CreateTable(
                name: "application_drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    citizen_id = table.Column<int>(type: "integer", nullable: false),
                    item_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    item_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    state_json = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    submitted_case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_application_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    stream = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    summary = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    before = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    after = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    previous_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_stream_heads",
                columns: table => new
                {
                    stream = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    mac = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_stream_heads", x => x.stream);
                });

            migrationBuilder.CreateTable(
                name: "calendar_overrides",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    is_off_day = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    kind = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_overrides", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_number_blocks",
                columns: table => new
                {
                    region_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_allocated = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_number_blocks", x => new { x.region_code, x.year });
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    region_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    item_version_id = table.Column<int>(type: "integer", nullable: false),
                    item_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    item_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    applicant_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    applicant_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    applicant_id_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    applicant_id_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    applicant_mobile = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    contact_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    service_point_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    department_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    window_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    kiosk_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    submitted_by_staff_id = table.Column<int>(type: "integer", nullable: true),
                    submitted_by_citizen_id = table.Column<int>(type: "integer", nullable: true),
                    form_json = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    review_steps = table.Column<int[]>(type: "integer[]", nullable: false),
                    current_review_step = table.Column<int>(type: "integer", nullable: false),
                    is_immediate = table.Column<bool>(type: "boolean", nullable: false),
                    promised_limit_days = table.Column<int>(type: "integer", nullable: false),
                    legal_limit_days = table.Column<int>(type: "integer", nullable: false),
                    promised_limit_unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    legal_limit_unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    certificate_type_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    pre_review_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    pre_reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acceptance_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    closing_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    tolerance_missing = table.Column<List<string>>(type: "text[]", nullable: false),
                    tolerance_commit_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    tolerance_fulfilled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    promised_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    legal_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status_before_suspension = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    decision = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    decision_document_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    delivery_method = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    pickup_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    tracking_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    awaiting_role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    next_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "certificate_conversions",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    certificate_type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    converted = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate_conversions", x => new { x.day, x.department_code, x.certificate_type_code });
                });

            migrationBuilder.CreateTable(
                name: "citizen_login_guards",
                columns: table => new
                {
                    mobile_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizen_login_guards", x => x.mobile_index);
                });

            migrationBuilder.CreateTable(
                name: "citizens",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mobile = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    mobile_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    id_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    id_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_citizens", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "daily_case_stats",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    desk_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    submitted = table.Column<int>(type: "integer", nullable: false),
                    accepted = table.Column<int>(type: "integer", nullable: false),
                    not_accepted = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    on_time = table.Column<int>(type: "integer", nullable: false),
                    overdue = table.Column<int>(type: "integer", nullable: false),
                    withdrawn = table.Column<int>(type: "integer", nullable: false),
                    corrections = table.Column<int>(type: "integer", nullable: false),
                    materials_reused = table.Column<int>(type: "integer", nullable: false),
                    rated5 = table.Column<int>(type: "integer", nullable: false),
                    rated4 = table.Column<int>(type: "integer", nullable: false),
                    rated3 = table.Column<int>(type: "integer", nullable: false),
                    rated2 = table.Column<int>(type: "integer", nullable: false),
                    rated1 = table.Column<int>(type: "integer", nullable: false),
                    certificates_issued = table.Column<int>(type: "integer", nullable: false),
                    certificates_used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_case_stats", x => new { x.day, x.department_code, x.service_point_code, x.item_code, x.channel, x.desk_code });
                });

            migrationBuilder.CreateTable(
                name: "decline_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    window_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    metric = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    baseline = table.Column<double>(type: "double precision", nullable: false),
                    recent = table.Column<double>(type: "double precision", nullable: false),
                    drop_ratio = table.Column<double>(type: "double precision", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    recent_from = table.Column<DateOnly>(type: "date", nullable: false),
                    recent_to = table.Column<DateOnly>(type: "date", nullable: false),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_on = table.Column<DateOnly>(type: "date", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_decline_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    credit_code = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    region_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    hotline = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    caller = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    case_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "item_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    basic_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    parent_item_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    item_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    department_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    region_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    case_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    legal_limit_value = table.Column<int>(type: "integer", nullable: false),
                    legal_limit_unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    promised_limit_value = table.Column<int>(type: "integer", nullable: false),
                    promised_limit_unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    visits_required = table.Column<int>(type: "integer", nullable: false),
                    channels = table.Column<int>(type: "integer", nullable: false),
                    appointment_supported = table.Column<bool>(type: "boolean", nullable: false),
                    tongban_scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    tolerance_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    commitment_allowed = table.Column<bool>(type: "boolean", nullable: false),
                    for_persons = table.Column<bool>(type: "boolean", nullable: false),
                    for_enterprises = table.Column<bool>(type: "boolean", nullable: false),
                    fee_charged = table.Column<bool>(type: "boolean", nullable: false),
                    fee_description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    result_type = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    result_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    certificate_type_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    hotline = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    conditions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    legal_basis = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    process_description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    process_steps = table.Column<int[]>(type: "integer[]", nullable: false),
                    life_events = table.Column<List<string>>(type: "text[]", nullable: false),
                    source_note = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    is_demo = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "kiosks",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    location_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    location_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    open24hours = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "library_materials",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    owner_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    owner_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    type_key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    trust_level = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    first_case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    use_count = table.Column<int>(type: "integer", nullable: false),
                    reuse_count = table.Column<int>(type: "integer", nullable: false),
                    verified_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_library_materials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "login_codes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mobile_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    code_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    failed_attempts = table.Column<int>(type: "integer", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_codes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    recipient_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    @event = table.Column<string>(name: "event", type: "character varying(40)", maxLength: 40, nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    provider_id = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    last_error = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    callback_token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "period_case_stats",
                columns: table => new
                {
                    grain = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    desk_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    visits_class = table.Column<int>(type: "integer", nullable: false),
                    submitted = table.Column<int>(type: "integer", nullable: false),
                    accepted = table.Column<int>(type: "integer", nullable: false),
                    not_accepted = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    on_time = table.Column<int>(type: "integer", nullable: false),
                    overdue = table.Column<int>(type: "integer", nullable: false),
                    withdrawn = table.Column<int>(type: "integer", nullable: false),
                    corrections = table.Column<int>(type: "integer", nullable: false),
                    materials_reused = table.Column<int>(type: "integer", nullable: false),
                    rated5 = table.Column<int>(type: "integer", nullable: false),
                    rated4 = table.Column<int>(type: "integer", nullable: false),
                    rated3 = table.Column<int>(type: "integer", nullable: false),
                    rated2 = table.Column<int>(type: "integer", nullable: false),
                    rated1 = table.Column<int>(type: "integer", nullable: false),
                    certificates_issued = table.Column<int>(type: "integer", nullable: false),
                    certificates_used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_period_case_stats", x => new { x.grain, x.period_start, x.department_code, x.channel, x.desk_code, x.visits_class });
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    full_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "service_points",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    parent_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    region_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    division_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    opening_hours = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    hotline = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_points", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "service_windows",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    department_codes = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_windows", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sms_opt_outs",
                columns: table => new
                {
                    recipient_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    opted_out_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sms_opt_outs", x => x.recipient_index);
                });

            migrationBuilder.CreateTable(
                name: "sms_templates",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    body = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sms_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_users",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    password_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    department_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    service_point_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    mobile = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    failed_login_count = table.Column<int>(type: "integer", nullable: false),
                    lockout_ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_login_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stored_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    original_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sm3 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supplement_reminders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    notice_sequence = table.Column<int>(type: "integer", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    next_reminder_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminders_sent = table.Column<int>(type: "integer", nullable: false),
                    last_slot_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplement_reminders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_clock_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: true),
                    procedure_type = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    actor_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_clock_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_clock_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_evaluations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    evaluated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    evaluator_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    evaluator_citizen_id = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    case_channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    desk_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_evaluations", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_evaluations_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    action = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    handler_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    handler_staff_id = table.Column<int>(type: "integer", nullable: true),
                    opinion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    organization_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_steps_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    supplemented_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_correction_notices_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rule_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    issued_to = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    issued_to_staff_id = table.Column<int>(type: "integer", nullable: true),
                    message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reminded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminders = table.Column<int>(type: "integer", nullable: false),
                    escalation_level = table.Column<int>(type: "integer", nullable: false),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_alerts_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "material_requirements",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    item_version_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    material_type_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    necessity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    form = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    original_copies = table.Column<int>(type: "integer", nullable: false),
                    photocopies = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    certificate_type_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_material_requirements", x => x.id);
                    table.ForeignKey(
                        name: "fk_material_requirements_item_versions_item_version_id",
                        column: x => x.item_version_id,
                        principalTable: "item_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_materials",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    requirement_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: true),
                    library_material_id = table.Column<long>(type: "bigint", nullable: true),
                    from_library = table.Column<bool>(type: "boolean", nullable: false),
                    certificate_id = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answers_notice = table.Column<int>(type: "integer", nullable: true),
                    replaced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_materials", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_materials_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_case_materials_library_materials_library_material_id",
                        column: x => x.library_material_id,
                        principalTable: "library_materials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_evaluation_reasons",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    evaluation_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_evaluation_reasons", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_evaluation_reasons_case_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "case_evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_item",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    correction_notice_id = table.Column<long>(type: "bigint", nullable: false),
                    requirement_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    material_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_item", x => x.id);
                    table.ForeignKey(
                        name: "fk_correction_item_correction_notices_correction_notice_id",
                        column: x => x.correction_notice_id,
                        principalTable: "correction_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_directives",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    alert_id = table.Column<long>(type: "bigint", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_by_staff_id = table.Column<int>(type: "integer", nullable: false),
                    sent_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    to_department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answer = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    answered_by_staff_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_directives", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_directives_supervision_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "supervision_alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_escalations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    alert_id = table.Column<long>(type: "bigint", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    to_role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to_names = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_escalations", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_escalations_supervision_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "supervision_alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_application_drafts_citizen_id_updated_at",
                table: "application_drafts",
                columns: new[] { "citizen_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_case_number_at",
                table: "audit_entries",
                columns: new[] { "case_number", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_stream_sequence",
                table: "audit_entries",
                columns: new[] { "stream", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_calendar_overrides_date",
                table: "calendar_overrides",
                column: "date",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_clock_events_case_id",
                table: "case_clock_events",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_case_evaluation_reasons_evaluation_id_reason",
                table: "case_evaluation_reasons",
                columns: new[] { "evaluation_id", "reason" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_evaluations_case_id",
                table: "case_evaluations",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_evaluations_case_number",
                table: "case_evaluations",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_case_evaluations_department_code_level_evaluated_at",
                table: "case_evaluations",
                columns: new[] { "department_code", "level", "evaluated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_evaluations_level_evaluated_at",
                table: "case_evaluations",
                columns: new[] { "level", "evaluated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_materials_case_id",
                table: "case_materials",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_case_materials_library_material_id",
                table: "case_materials",
                column: "library_material_id");

            migrationBuilder.CreateIndex(
                name: "ix_case_steps_case_id_sequence",
                table: "case_steps",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_case_steps_handler_staff_id_case_id",
                table: "case_steps",
                columns: new[] { "handler_staff_id", "case_id" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_applicant_id_index_submitted_at",
                table: "cases",
                columns: new[] { "applicant_id_index", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_code_awaiting_role_submitted_at",
                table: "cases",
                columns: new[] { "department_code", "awaiting_role", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_code_status_submitted_at",
                table: "cases",
                columns: new[] { "department_code", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_code_submitted_at",
                table: "cases",
                columns: new[] { "department_code", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_queue",
                table: "cases",
                columns: new[] { "department_code", "submitted_at", "id" },
                filter: "awaiting_role IN ('reviewer', 'handler')");

            migrationBuilder.CreateIndex(
                name: "ix_cases_item_code_submitted_at",
                table: "cases",
                columns: new[] { "item_code", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_next_check_at",
                table: "cases",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_cases_number",
                table: "cases",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cases_point_queue",
                table: "cases",
                columns: new[] { "service_point_code", "submitted_at", "id" },
                filter: "awaiting_role IN ('clerk', 'handler')");

            migrationBuilder.CreateIndex(
                name: "ix_cases_service_point_code_awaiting_role_submitted_at",
                table: "cases",
                columns: new[] { "service_point_code", "awaiting_role", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_service_point_code_status_submitted_at",
                table: "cases",
                columns: new[] { "service_point_code", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_service_point_code_submitted_at",
                table: "cases",
                columns: new[] { "service_point_code", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_status_submitted_at",
                table: "cases",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_submitted_at",
                table: "cases",
                column: "submitted_at");

            migrationBuilder.CreateIndex(
                name: "ix_cases_submitted_by_citizen_id_submitted_at",
                table: "cases",
                columns: new[] { "submitted_by_citizen_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_certificate_conversions_department_code_day",
                table: "certificate_conversions",
                columns: new[] { "department_code", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_citizens_id_index",
                table: "citizens",
                column: "id_index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_citizens_mobile_index",
                table: "citizens",
                column: "mobile_index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_correction_item_correction_notice_id",
                table: "correction_item",
                column: "correction_notice_id");

            migrationBuilder.CreateIndex(
                name: "ix_correction_notices_case_id_sequence",
                table: "correction_notices",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_correction_notices_number",
                table: "correction_notices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_daily_case_stats_department_code_day",
                table: "daily_case_stats",
                columns: new[] { "department_code", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_case_stats_item_code_day",
                table: "daily_case_stats",
                columns: new[] { "item_code", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_decline_alerts_resolved_at",
                table: "decline_alerts",
                column: "resolved_at");

            migrationBuilder.CreateIndex(
                name: "ix_decline_alerts_subject_department_code_item_code_window_cod",
                table: "decline_alerts",
                columns: new[] { "subject", "department_code", "item_code", "window_code", "metric" },
                unique: true,
                filter: "resolved_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_departments_code",
                table: "departments",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_departments_credit_code",
                table: "departments",
                column: "credit_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_caller_key",
                table: "idempotency_records",
                columns: new[] { "caller", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_item_versions_code_version",
                table: "item_versions",
                columns: new[] { "code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_item_versions_status_department_code_name",
                table: "item_versions",
                columns: new[] { "status", "department_code", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_item_versions_status_name",
                table: "item_versions",
                columns: new[] { "status", "name" });

            migrationBuilder.CreateIndex(
                name: "ux_item_versions_one_published",
                table: "item_versions",
                column: "code",
                unique: true,
                filter: "status = 'Published'");

            migrationBuilder.CreateIndex(
                name: "ix_kiosks_code",
                table: "kiosks",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_library_materials_file_id",
                table: "library_materials",
                column: "file_id");

            migrationBuilder.CreateIndex(
                name: "ix_library_materials_owner_kind_owner_index_created_at",
                table: "library_materials",
                columns: new[] { "owner_kind", "owner_index", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_library_materials_owner_kind_owner_index_type_key",
                table: "library_materials",
                columns: new[] { "owner_kind", "owner_index", "type_key" });

            migrationBuilder.CreateIndex(
                name: "ix_login_codes_ip_issued_at",
                table: "login_codes",
                columns: new[] { "ip", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_login_codes_mobile_index_issued_at",
                table: "login_codes",
                columns: new[] { "mobile_index", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_material_requirements_item_version_id_code",
                table: "material_requirements",
                columns: new[] { "item_version_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_case_number",
                table: "outbox_messages",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_recipient_index",
                table: "outbox_messages",
                column: "recipient_index");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_status_next_attempt_at",
                table: "outbox_messages",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_period_case_stats_department_code_grain_period_start",
                table: "period_case_stats",
                columns: new[] { "department_code", "grain", "period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_service_points_code",
                table: "service_points",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_points_parent_code",
                table: "service_points",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "ix_service_points_region_code_level",
                table: "service_points",
                columns: new[] { "region_code", "level" });

            migrationBuilder.CreateIndex(
                name: "ix_service_windows_code",
                table: "service_windows",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_windows_service_point_code",
                table: "service_windows",
                column: "service_point_code");

            migrationBuilder.CreateIndex(
                name: "ix_sms_templates_code_version",
                table: "sms_templates",
                columns: new[] { "code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_staff_users_username",
                table: "staff_users",
                column: "username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stored_files_sha256",
                table: "stored_files",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_stored_files_uploaded_by_uploaded_at",
                table: "stored_files",
                columns: new[] { "uploaded_by", "uploaded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_case_id_rule_code_subject",
                table: "supervision_alerts",
                columns: new[] { "case_id", "rule_code", "subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_case_number",
                table: "supervision_alerts",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_changed_at",
                table: "supervision_alerts",
                column: "changed_at");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_department_code_resolved_at_raised_at",
                table: "supervision_alerts",
                columns: new[] { "department_code", "resolved_at", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_resolved_at_raised_at",
                table: "supervision_alerts",
                columns: new[] { "resolved_at", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_alerts_service_point_code_resolved_at_raised_at",
                table: "supervision_alerts",
                columns: new[] { "service_point_code", "resolved_at", "raised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_directives_alert_id",
                table: "supervision_directives",
                column: "alert_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_directives_case_number",
                table: "supervision_directives",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_escalations_alert_id_level",
                table: "supervision_escalations",
                columns: new[] { "alert_id", "level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplement_reminders_case_number_notice_sequence",
                table: "supplement_reminders",
                columns: new[] { "case_number", "notice_sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplement_reminders_next_reminder_at",
                table: "supplement_reminders",
                column: "next_reminder_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "analytics_job_runs");

            migrationBuilder.DropTable(
                name: "application_drafts");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "audit_stream_heads");

            migrationBuilder.DropTable(
                name: "calendar_overrides");

            migrationBuilder.DropTable(
                name: "case_clock_events");

            migrationBuilder.DropTable(
                name: "case_evaluation_reasons");

            migrationBuilder.DropTable(
                name: "case_materials");

            migrationBuilder.DropTable(
                name: "case_number_blocks");

            migrationBuilder.DropTable(
                name: "case_steps");

            migrationBuilder.DropTable(
                name: "certificate_conversions");

            migrationBuilder.DropTable(
                name: "citizen_login_guards");

            migrationBuilder.DropTable(
                name: "citizens");

            migrationBuilder.DropTable(
                name: "correction_item");

            migrationBuilder.DropTable(
                name: "daily_case_stats");

            migrationBuilder.DropTable(
                name: "decline_alerts");

            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "kiosks");

            migrationBuilder.DropTable(
                name: "login_codes");

            migrationBuilder.DropTable(
                name: "material_requirements");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "period_case_stats");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropTable(
                name: "service_points");

            migrationBuilder.DropTable(
                name: "service_windows");

            migrationBuilder.DropTable(
                name: "sms_opt_outs");

            migrationBuilder.DropTable(
                name: "sms_templates");

            migrationBuilder.DropTable(
                name: "staff_users");

            migrationBuilder.DropTable(
                name: "stored_files");

            migrationBuilder.DropTable(
                name: "supervision_directives");

            migrationBuilder.DropTable(
                name: "supervision_escalations");

            migrationBuilder.DropTable(
                name: "supplement_reminders");

            migrationBuilder.DropTable(
                name: "case_evaluations");

            migrationBuilder.DropTable(
                name: "library_materials");

            migrationBuilder.DropTable(
                name: "correction_notices");

            migrationBuilder.DropTable(
                name: "item_versions");

            migrationBuilder.DropTable(
                name: "supervision_alerts");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
